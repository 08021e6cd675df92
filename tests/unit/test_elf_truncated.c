// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* A file cut short after a valid ELF header is "truncated", not "has no
 * such function": elf_file_open() says -EBADMSG and elf_strerror() names it. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfsym.h"

/* The first @len bytes of /proc/self/exe (this test binary, an ELF file
 * with its section headers at the end) in a temporary file. */
static char *cut_self(size_t len)
{
	static char path[] = "/tmp/coretrace-cut-XXXXXX";
	char *buf = malloc(len), *out;
	int in = open("/proc/self/exe", O_RDONLY), fd;
	ssize_t n;

	cr_assert(buf && in >= 0);
	n = read(in, buf, len);
	close(in);
	cr_assert_eq(n, (ssize_t)len);
	out = strdup(path);
	fd = mkstemp(out);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, buf, len), (ssize_t)len);
	close(fd);
	free(buf);
	return out;
}

Test(elf_truncated, cut_files_are_named_truncated)
{
	static const size_t cuts[] = { 64, 4096, 65536 };
	struct elf_file *ef;
	size_t i;

	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		char *path = cut_self(cuts[i]);

		cr_expect_eq(elf_file_open(path, &ef), -EBADMSG, "cut at %zu", cuts[i]);
		unlink(path);
		free(path);
	}
	cr_expect(strstr(elf_strerror(-EBADMSG), "truncated"));
	cr_expect(strstr(elf_strerror(-ENOEXEC), "not an ELF file"));
	cr_expect_str_eq(elf_strerror(-ENOENT), strerror(ENOENT));
}

Test(elf_truncated, whole_file_opens)
{
	struct elf_file *ef;

	cr_assert_eq(elf_file_open("/proc/self/exe", &ef), 0);
	elf_file_close(ef);
}
