/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The offset a uprobe needs in an ELF file, and what the file says about
 * itself (soname, versions, version text). Finding the files: libfind.h.
 *
 * Symbols come from .dynsym or .symtab; "getaddrinfo@@GLIBC_2.2.5" and
 * "name@VERSION" select a symbol version. Malformed ELF gives an error.
 *
 * (Named elfsym, not elf: with -Icommon a common/elf.h would hide the
 * system <elf.h> that libelf.h includes.)
 */
#ifndef CORETRACE_ELFSYM_H
#define CORETRACE_ELFSYM_H

#include <stdbool.h>
#include <stddef.h>

struct elf_file;

/* Open @path for symbol lookups. -errno, -ENOEXEC when it is not a
 * readable ELF file of this machine's class, -EBADMSG when its headers or
 * symbol tables reach past the end of the file (truncated). */
int elf_file_open(const char *path, struct elf_file **out);
/* Same, for the open regular file @fd (a duplicate is kept, @fd stays the
 * caller's): files found in a traced process's root (libfind.h). */
int elf_file_open_fd(int fd, struct elf_file **out);
void elf_file_close(struct elf_file *ef);

/* The file's own fd: a uprobe placed through /proc/self/fd/N of it lands
 * in the file that was read, whatever its path now names. */
int elf_file_fd(const struct elf_file *ef);

/* What an elf_file_open() error means, for a one-line message. */
const char *elf_strerror(int err);

/* File offset of the function @name (defined here, not imported), as a
 * uprobe wants it. 0 on success; -ENOENT when @name is not defined. */
int elf_file_func_offset(struct elf_file *ef, const char *name, size_t *offset);

/* Whether the file still has its .symtab (not stripped): functions that
 * are not exported can be found only there. */
bool elf_file_has_symtab(const struct elf_file *ef);

/* DT_SONAME, or NULL. */
const char *elf_file_soname(struct elf_file *ef);

/* The last public version this file defines (.gnu.version_d; names with
 * PRIVATE are skipped), e.g. "OPENSSL_3.0.0"; NULL if it defines none. */
const char *elf_file_last_verdef(struct elf_file *ef);

/* Copy into @buf the first NUL-terminated string in the file that starts
 * with @prefix followed by a digit ("OpenSSL " finds "OpenSSL 3.0.19 ...").
 * True if one was found. */
bool elf_file_find_text(struct elf_file *ef, const char *prefix, char *buf, size_t len);

/* One-shot elf_file_func_offset(). */
int elf_func_offset(const char *path, const char *name, size_t *offset);

#endif
