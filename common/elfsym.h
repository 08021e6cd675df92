/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Finding the files a uprobe goes into, and the offset in them.
 *
 * Libraries are found the way the dynamic loader would find them
 * (/etc/ld.so.cache, then the standard directories), never through the
 * tool's own memory map; with a pid, through what that process has mapped,
 * seen through /proc/PID/root so a container's own libraries are used.
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
#include <sys/types.h>

struct elf_file;

/* Open @path for symbol lookups. -errno, or -ENOEXEC when it is not a
 * readable ELF file of this machine's class. */
int elf_file_open(const char *path, struct elf_file **out);
void elf_file_close(struct elf_file *ef);

/* File offset of the function @name (defined here, not imported), as a
 * uprobe wants it. 0 on success; -ENOENT when @name is not defined. */
int elf_file_func_offset(struct elf_file *ef, const char *name, size_t *offset);

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

/* A set of files, each once (by device and inode), in the order found. */
struct elf_object {
	char *path; /* as the kernel can open it: /proc/PID/root/... with a pid */
	dev_t dev;
	ino_t ino;
};

struct elf_objects {
	struct elf_object *v;
	size_t n, cap;
};

/* Add @path unless the same file is already in; 1 added, 0 duplicate,
 * -errno when it can't be stat'ed. */
int elf_objects_add(struct elf_objects *set, const char *path);
void elf_objects_free(struct elf_objects *set);

/* Does file name @file (a basename) name library @name? "libc" matches
 * libc.so.6 and libc-2.31.so, "libssl" matches libssl.so.3 and
 * libssl.so.1.1 but not libssl3.so; "libssl.so.3" matches only itself. */
bool elf_lib_name_matches(const char *name, const char *file);

/* Add every library matching @name: with @pid > 0, those the process has
 * mapped, else (or if it maps none) those of its root's ld.so.cache and
 * standard directories. A @name containing '/' is a path (under the
 * process's root with @pid). Returns the number of files added, or -errno. */
int elf_find_library(const char *name, int pid, struct elf_objects *out);

/* Add every file process @pid has mapped executable (its program and its
 * libraries), through /proc/PID/root. Returns the number added, or -errno. */
int elf_proc_objects(int pid, struct elf_objects *out);

#endif
