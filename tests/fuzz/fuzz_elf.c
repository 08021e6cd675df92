// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* libFuzzer target: ELF symbol lookup (what the uprobe tools do to every
 * library and --binary they are given) on arbitrary files: an error, never
 * a crash. */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

#include "elfsym.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "getaddrinfo", "SSL_write", "main",
					     "getaddrinfo@@GLIBC_2.2.5" };
	struct elf_file *ef = NULL;
	char path[64], text[64];
	size_t offset, i;
	int fd;

	fd = memfd_create("fuzz-elf", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (elf_file_open(path, &ef) == 0) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			elf_file_func_offset(ef, names[i], &offset);
		elf_file_soname(ef);
		elf_file_last_verdef(ef);
		elf_file_find_text(ef, "OpenSSL ", text, sizeof(text));
		elf_file_close(ef);
	}
	close(fd);
	return 0;
}
