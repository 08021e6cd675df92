// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * common/elfsym.c and common/ldcache.c on real files of this machine and
 * on broken ones. Offsets are checked against the code the dynamic loader
 * mapped: the bytes at the computed file offset must be the bytes at the
 * function's address in this process.
 */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfsym.h"
#include "libfind.h"
#include "ldcache.h"
#include "rootfs.h"

/* Something of ours, only in .symtab (the unit binary exports nothing):
 * global, so the symbol keeps its name. */
int elfsym_test_marker(int x);
__attribute__((noinline)) int elfsym_test_marker(int x)
{
	return x * 7 + 3;
}

/* libc's own definition of @name: under ASan, plain getaddrinfo is the
 * sanitizer's interceptor. */
static void *libc_sym(const char *name, const char *version)
{
	void *libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
	void *sym;

	cr_assert_not_null(libc);
	sym = version ? dlvsym(libc, name, version) : dlsym(libc, name);
	dlclose(libc);
	cr_assert_not_null(sym, "%s not in libc", name);
	return sym;
}

static const char *libc_path(void)
{
	static char path[4096];
	Dl_info info;

	cr_assert(dladdr(libc_sym("getaddrinfo", NULL), &info) && info.dli_fname);
	snprintf(path, sizeof(path), "%s", info.dli_fname);
	return path;
}

/* The 32 bytes at @offset of @path equal the code at @addr. A uprobe that
 * anyone on the machine has on the function puts an int3 (0xcc) in the
 * first byte of every process's copy: compare from the second byte then. */
static void expect_code_at(const char *path, size_t offset, const void *addr)
{
	const unsigned char *code = addr;
	unsigned char buf[32];
	size_t from = code[0] == 0xcc ? 1 : 0;
	int fd = open(path, O_RDONLY);

	cr_assert(fd >= 0);
	cr_assert_eq(pread(fd, buf, sizeof(buf), (off_t)offset), (ssize_t)sizeof(buf));
	close(fd);
	cr_expect(memcmp(buf + from, code + from, sizeof(buf) - from) == 0,
		  "%s+0x%zx is not the function's code", path, offset);
}

Test(elfsym, dynsym_offset_of_libc_function_is_its_code)
{
	size_t off;

	cr_assert_eq(elf_func_offset(libc_path(), "getaddrinfo", &off), 0);
	expect_code_at(libc_path(), off, libc_sym("getaddrinfo", NULL));
	cr_assert_eq(elf_func_offset(libc_path(), "gethostbyname_r", &off), 0);
	expect_code_at(libc_path(), off, libc_sym("gethostbyname_r", NULL));
}

Test(elfsym, symtab_offset_of_our_own_function)
{
	size_t off;

	cr_assert_eq(elf_func_offset("/proc/self/exe", "elfsym_test_marker", &off), 0);
	expect_code_at("/proc/self/exe", off, (const void *)elfsym_test_marker);
}

/* glibc's first version on this architecture. */
#if defined(__x86_64__)
#define GLIBC_BASE "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define GLIBC_BASE "GLIBC_2.17"
#endif

Test(elfsym, versioned_names)
{
	size_t def, old, plain;

	cr_assert_eq(elf_func_offset(libc_path(), "getaddrinfo@@" GLIBC_BASE, &def), 0);
	cr_assert_eq(elf_func_offset(libc_path(), "getaddrinfo", &plain), 0);
	cr_expect_eq(def, plain);
	cr_expect_eq(elf_func_offset(libc_path(), "getaddrinfo@" GLIBC_BASE, &def), 0);
	cr_expect_eq(elf_func_offset(libc_path(), "getaddrinfo@@GLIBC_9.9", &def), -ENOENT);

	/* An old version and a newer default one (here the same code). */
	cr_assert_eq(elf_func_offset(libc_path(), "__pthread_key_create@" GLIBC_BASE, &old), 0);
	cr_assert_eq(elf_func_offset(libc_path(), "__pthread_key_create", &plain), 0);
	cr_assert_eq(elf_func_offset(libc_path(), "__pthread_key_create@@GLIBC_2.34", &def), 0);
	cr_expect_eq(plain, def);
	cr_expect_eq(elf_func_offset(libc_path(), "__pthread_key_create@@" GLIBC_BASE, &old),
		     -ENOENT, "an old version is not the default one");
}

#if defined(__x86_64__)
/* x86_64's realpath has two versions with code of their own. */
Test(elfsym, versioned_names_with_distinct_code)
{
	size_t def, old, plain;
	void *old_addr = libc_sym("realpath", "GLIBC_2.2.5");

	/* realpath has an old version and a default one: plain means default. */
	cr_assert_eq(elf_func_offset(libc_path(), "realpath@GLIBC_2.2.5", &old), 0);
	cr_assert_eq(elf_func_offset(libc_path(), "realpath", &plain), 0);
	cr_assert_eq(elf_func_offset(libc_path(), "realpath@@GLIBC_2.3", &def), 0);
	cr_expect_eq(plain, def);
	cr_expect_neq(old, def);
	expect_code_at(libc_path(), old, old_addr);
	expect_code_at(libc_path(), def, libc_sym("realpath", "GLIBC_2.3"));
	cr_expect_eq(elf_func_offset(libc_path(), "realpath@@GLIBC_2.2.5", &old), -ENOENT,
		     "an old version is not the default one");
}
#endif

Test(elfsym, missing_and_imported_functions_are_not_found)
{
	size_t off;

	cr_expect_eq(elf_func_offset(libc_path(), "coretrace_no_such_function", &off), -ENOENT);
	/* The unit binary imports getaddrinfo; an import is no place for a probe. */
	cr_expect_eq(elf_func_offset("/proc/self/exe", "getaddrinfo", &off), -ENOENT);
	cr_expect_eq(elf_func_offset(libc_path(), "", &off), -EINVAL);
	cr_expect_eq(elf_func_offset("/nonexistent/lib.so", "x", &off), -ENOENT);
}

Test(elfsym, soname_and_versions)
{
	struct elf_file *ef;

	cr_assert_eq(elf_file_open(libc_path(), &ef), 0);
	cr_expect_str_eq(elf_file_soname(ef), "libc.so.6");
	cr_assert_not_null(elf_file_last_verdef(ef));
	cr_expect(strncmp(elf_file_last_verdef(ef), "GLIBC_", 6) == 0, "%s",
		  elf_file_last_verdef(ef));
	elf_file_close(ef);
	cr_assert_eq(elf_file_open("/proc/self/exe", &ef), 0);
	cr_expect_null(elf_file_soname(ef), "a program has no soname");
	elf_file_close(ef);
}

/* Write @len bytes of @data to a temporary file; returns its path. */
static char *temp_file(const void *data, size_t len)
{
	char *path = strdup("/tmp/coretrace-elf-XXXXXX");
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* A text file is no ELF (one of our own: a build chroot may have no
 * /etc/hosts). */
Test(elfsym, a_text_file_is_not_elf)
{
	static const char text[] = "127.0.0.1 localhost\n";
	char *path = temp_file(text, sizeof(text) - 1);
	size_t off;

	cr_expect_eq(elf_func_offset(path, "x", &off), -ENOEXEC);
	unlink(path);
	free(path);
}

static void *slurp(const char *path, size_t *len)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY);

	cr_assert(fd >= 0 && fstat(fd, &st) == 0);
	buf = malloc((size_t)st.st_size);
	cr_assert_eq(read(fd, buf, (size_t)st.st_size), st.st_size);
	close(fd);
	*len = (size_t)st.st_size;
	return buf;
}

Test(elfsym, version_text_starts_a_string_and_a_digit_follows)
{
	size_t len;
	unsigned char *img = slurp("/proc/self/exe", &len), *big;
	char tail[128], text[64], *path;
	struct elf_file *ef;
	int n;

	/* Built at run time, so the text is only in the appended tail. */
	n = snprintf(tail, sizeof(tail), "xTLSLIB %d.0 no%cTLSLIB v9%cTLSLIB %d.%d.%d ok%c", 5, 0,
		     0, 7, 7, 7, 0);
	big = malloc(len + (size_t)n);
	memcpy(big, img, len);
	memcpy(big + len, tail, (size_t)n);
	path = temp_file(big, len + (size_t)n);
	cr_assert_eq(elf_file_open(path, &ef), 0);
	cr_expect(elf_file_find_text(ef, "TLSLIB ", text, sizeof(text)));
	cr_expect_str_eq(text, "TLSLIB 7.7.7 ok");
	cr_expect(elf_file_find_text(ef, "TLSLIB ", text, 10));
	cr_expect_str_eq(text, "TLSLIB 7.", "cut to the buffer");
	cr_expect_not(elf_file_find_text(ef, "NOSUCHLIB ", text, sizeof(text)));
	elf_file_close(ef);
	unlink(path);
	free(path);
	free(big);
	free(img);
}

/* A small ELF built here: one PT_LOAD mapping file offset 0x1000 at
 * 0x401000, a .symtab with tiny_fn at 0x401010 (so file offset 0x1010),
 * an import, and a function outside every segment. */
struct tiny_elf {
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	Elf64_Sym syms[4];
	char strtab[32];
	char shstrtab[32];
	Elf64_Shdr sh[4]; /* null, .symtab, .strtab, .shstrtab */
};

static void build_tiny(struct tiny_elf *t)
{
	static const char strs[] = "\0tiny_fn\0imported\0far_fn";
	static const char shstrs[] = "\0.symtab\0.strtab\0.shstrtab";

	memset(t, 0, sizeof(*t));
	memcpy(t->eh.e_ident, ELFMAG, SELFMAG);
	t->eh.e_ident[EI_CLASS] = ELFCLASS64;
	t->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	t->eh.e_ident[EI_VERSION] = EV_CURRENT;
	t->eh.e_type = ET_EXEC;
	t->eh.e_machine = EM_X86_64;
	t->eh.e_version = EV_CURRENT;
	t->eh.e_ehsize = sizeof(Elf64_Ehdr);
	t->eh.e_phoff = offsetof(struct tiny_elf, ph);
	t->eh.e_phentsize = sizeof(Elf64_Phdr);
	t->eh.e_phnum = 1;
	t->eh.e_shoff = offsetof(struct tiny_elf, sh);
	t->eh.e_shentsize = sizeof(Elf64_Shdr);
	t->eh.e_shnum = 4;
	t->eh.e_shstrndx = 3;
	t->ph.p_type = PT_LOAD;
	t->ph.p_flags = PF_R | PF_X;
	t->ph.p_offset = 0x1000;
	t->ph.p_vaddr = 0x401000;
	t->ph.p_filesz = t->ph.p_memsz = 0x100;
	memcpy(t->strtab, strs, sizeof(strs));
	memcpy(t->shstrtab, shstrs, sizeof(shstrs));
	t->syms[1] = (Elf64_Sym){ .st_name = 1,
				  .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
				  .st_shndx = 1,
				  .st_value = 0x401010 };
	t->syms[2] = (Elf64_Sym){ .st_name = 9,
				  .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
				  .st_shndx = SHN_UNDEF };
	t->syms[3] = (Elf64_Sym){ .st_name = 18,
				  .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
				  .st_shndx = 1,
				  .st_value = 0x900000 };
	t->sh[1] = (Elf64_Shdr){ .sh_name = 1,
				 .sh_type = SHT_SYMTAB,
				 .sh_offset = offsetof(struct tiny_elf, syms),
				 .sh_size = sizeof(t->syms),
				 .sh_link = 2,
				 .sh_info = 1,
				 .sh_entsize = sizeof(Elf64_Sym),
				 .sh_addralign = 8 };
	t->sh[2] = (Elf64_Shdr){ .sh_name = 9,
				 .sh_type = SHT_STRTAB,
				 .sh_offset = offsetof(struct tiny_elf, strtab),
				 .sh_size = sizeof(t->strtab),
				 .sh_addralign = 1 };
	t->sh[3] = (Elf64_Shdr){ .sh_name = 17,
				 .sh_type = SHT_STRTAB,
				 .sh_offset = offsetof(struct tiny_elf, shstrtab),
				 .sh_size = sizeof(t->shstrtab),
				 .sh_addralign = 1 };
}

static int tiny_lookup(const struct tiny_elf *t, const char *name, size_t *off)
{
	char *path = temp_file(t, sizeof(*t));
	int err = elf_func_offset(path, name, off);

	unlink(path);
	free(path);
	return err;
}

Test(elfsym, small_built_elf)
{
	struct tiny_elf t;
	size_t off = 0;

	build_tiny(&t);
	cr_assert_eq(tiny_lookup(&t, "tiny_fn", &off), 0);
	cr_expect_eq(off, 0x1010, "offset 0x%zx", off);
	cr_expect_eq(tiny_lookup(&t, "imported", &off), -ENOENT);
	cr_expect_eq(tiny_lookup(&t, "far_fn", &off), -ENOENT, "outside every PT_LOAD");
	cr_expect_eq(tiny_lookup(&t, "tiny", &off), -ENOENT, "a prefix is not a name");
	cr_expect_eq(tiny_lookup(&t, "tiny_fn@@V1", &off), -ENOENT, "no versions here");

	build_tiny(&t);
	t.sh[1].sh_link = 99; /* string table that does not exist */
	cr_expect_eq(tiny_lookup(&t, "tiny_fn", &off), -ENOENT);
	build_tiny(&t);
	t.sh[1].sh_entsize = 0;
	cr_expect_eq(tiny_lookup(&t, "tiny_fn", &off), -ENOENT);
	build_tiny(&t);
	t.sh[1].sh_size = 1u << 30; /* past the end of the file */
	cr_expect_neq(tiny_lookup(&t, "tiny_fn", &off), 0);
	build_tiny(&t);
	t.syms[1].st_name = 5000; /* name outside .strtab */
	cr_expect_eq(tiny_lookup(&t, "tiny_fn", &off), -ENOENT);
	build_tiny(&t);
	t.eh.e_shnum = 60000;
	cr_expect_neq(tiny_lookup(&t, "tiny_fn", &off), 0);
	build_tiny(&t);
	t.eh.e_ident[EI_CLASS] = ELFCLASS32;
	cr_expect_eq(tiny_lookup(&t, "tiny_fn", &off), -ENOEXEC);
}

/* Open, look up, close: must not crash whatever the file holds. */
static void probe_file(const void *data, size_t len)
{
	char *path = temp_file(data, len);
	struct elf_file *ef;
	size_t off;

	if (elf_file_open(path, &ef) == 0) {
		elf_file_func_offset(ef, "elfsym_test_marker", &off);
		elf_file_func_offset(ef, "getaddrinfo@@GLIBC_2.2.5", &off);
		elf_file_soname(ef);
		elf_file_last_verdef(ef);
		elf_file_close(ef);
	}
	unlink(path);
	free(path);
}

Test(elfsym, truncated_files_give_errors)
{
	static const size_t cuts[] = { 0, 1, 4, 16, 63, 64, 65, 200, 4096, 65536 };
	size_t len, i;
	unsigned char *img = slurp(libc_path(), &len);
	char *path;
	size_t off;

	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		path = temp_file(img, cuts[i]);
		cr_expect_neq(elf_func_offset(path, "getaddrinfo", &off), 0, "cut at %zu", cuts[i]);
		unlink(path);
		free(path);
	}
	for (i = 1; i < 16; i++)
		probe_file(img, len * i / 16);
	free(img);
}

Test(elfsym, corrupt_headers_and_tables_do_not_crash)
{
	size_t len, i, pos;
	unsigned char *img = slurp(libc_path(), &len), *copy = malloc(len);
	unsigned int seed = 12345;

	cr_assert_not_null(copy);
	/* Header fields set to huge values: e_phoff, e_shoff, e_shnum, e_shstrndx... */
	for (pos = 16; pos < 64; pos++) {
		memcpy(copy, img, len);
		copy[pos] = 0xff;
		copy[pos ^ 1] = 0x7f;
		probe_file(copy, len);
	}
	/* Random damage in the section headers (at the end of the file) and
	 * in the symbol and version tables (at the start). */
	for (i = 0; i < 40; i++) {
		int j;

		memcpy(copy, img, len);
		for (j = 0; j < 64; j++) {
			size_t span = i % 2 ? 8192 : 65536;
			size_t base = i % 2 ? len - span : 0;

			copy[base + (size_t)rand_r(&seed) % span] = (unsigned char)rand_r(&seed);
		}
		probe_file(copy, len);
	}
	free(copy);
	free(img);
}

Test(elfsym, library_names)
{
	cr_expect(libfind_name_matches("libc", "libc.so.6"));
	cr_expect(libfind_name_matches("libc", "libc-2.31.so"));
	cr_expect(libfind_name_matches("libc", "libc.so"));
	cr_expect_not(libfind_name_matches("libc", "libcrypt.so.1"));
	cr_expect_not(libfind_name_matches("libc", "libc-client.so.1"));
	cr_expect(libfind_name_matches("libssl", "libssl.so.3"));
	cr_expect(libfind_name_matches("libssl", "libssl.so.1.1"));
	cr_expect_not(libfind_name_matches("libssl", "libssl3.so"));
	cr_expect_not(libfind_name_matches("libgnutls", "libgnutls-dane.so.0"));
	cr_expect(libfind_name_matches("libssl.so.3", "libssl.so.3"));
	cr_expect_not(libfind_name_matches("libssl.so.3", "libssl.so.3.1"));
	cr_expect_not(libfind_name_matches("", "libc.so.6"));
}

Test(elfsym, finds_libc_like_the_loader_and_in_our_maps)
{
	struct libfind_set objs = {}, mine = {};
	struct stat a, b;
	size_t i;
	bool found = false;

	cr_assert_geq(libfind_library("libc", 0, &objs), 1);
	cr_assert_eq(stat(libc_path(), &a), 0);
	for (i = 0; i < objs.n; i++)
		if (stat(objs.v[i].path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			found = true;
	cr_expect(found, "the loader's libc (%s) was not found", libc_path());

	/* Through our own maps, as -p would. */
	cr_assert_geq(libfind_library("libc", getpid(), &mine), 1);
	cr_expect_eq(mine.v[0].ino, a.st_ino);
	cr_expect_eq(libfind_library("libc", getpid(), &mine), 0, "added twice");
	libfind_free(&mine);
	cr_assert_geq(libfind_process(getpid(), &mine), 2, "program and libc");
	libfind_free(&mine);

	cr_expect_eq(libfind_library("/nonexistent/libx.so", 0, &objs), -ENOENT);
	cr_expect_eq(libfind_library("libcoretrace-none", 0, &objs), 0);
	libfind_free(&objs);
}

/* --- ld.so.cache --------------------------------------------------------- */

struct seen {
	int n;
	char names[8][32];
	char paths[8][64];
};

static int collect(const char *soname, const char *path, void *ctx)
{
	struct seen *s = ctx;

	if (s->n < 8) {
		snprintf(s->names[s->n], sizeof(s->names[0]), "%s", soname);
		snprintf(s->paths[s->n], sizeof(s->paths[0]), "%s", path);
	}
	s->n++;
	return 0;
}

#if defined(__x86_64__)
#define OUR_ABI 0x0303
#elif defined(__aarch64__)
#define OUR_ABI 0x0a03
#else
#define OUR_ABI 0x0003
#endif

/* A cache in the new format: 2 entries of our ABI, 1 of another. */
static size_t build_cache(unsigned char *buf, size_t cap)
{
	static const char strings[] = "libfoo.so.1\0/lib/libfoo.so.1\0libbar.so.2\0/x/libbar.so.2";
	struct {
		int32_t flags;
		uint32_t key, value, osversion;
		uint64_t hwcap;
	} e[3];
	uint32_t nlibs = 3, len_strings = sizeof(strings);
	size_t hdr = 48, strs = hdr + sizeof(e);

	cr_assert(cap >= strs + sizeof(strings));
	memset(buf, 0, cap);
	memcpy(buf, "glibc-ld.so.cache1.1", 20);
	memcpy(buf + 20, &nlibs, 4);
	memcpy(buf + 24, &len_strings, 4);
	memset(e, 0, sizeof(e));
	e[0].flags = OUR_ABI, e[0].key = (uint32_t)strs, e[0].value = (uint32_t)strs + 12;
	e[1].flags = 0x0003 | 0x0800, e[1].key = (uint32_t)strs + 29; /* another ABI */
	e[1].value = (uint32_t)strs + 41;
	e[2].flags = OUR_ABI, e[2].key = (uint32_t)strs + 29, e[2].value = (uint32_t)strs + 41;
	memcpy(buf + hdr, e, sizeof(e));
	memcpy(buf + strs, strings, sizeof(strings));
	return strs + sizeof(strings);
}

Test(ldcache, parses_our_abi_only)
{
	unsigned char buf[512];
	size_t len = build_cache(buf, sizeof(buf));
	struct seen s = {};

	cr_assert_eq(ldcache_parse(buf, len, collect, &s), 0);
	cr_assert_eq(s.n, 2);
	cr_expect_str_eq(s.names[0], "libfoo.so.1");
	cr_expect_str_eq(s.paths[0], "/lib/libfoo.so.1");
	cr_expect_str_eq(s.names[1], "libbar.so.2");
	cr_expect_str_eq(s.paths[1], "/x/libbar.so.2");
}

Test(ldcache, old_format_followed_by_new)
{
	unsigned char buf[1024], inner[512];
	size_t inner_len = build_cache(inner, sizeof(inner));
	uint32_t nlibs = 1;
	struct seen s = {};

	/* "ld.so-1.7.0", nlibs, one 12-byte entry, padded to 8: new table at 32. */
	memset(buf, 0, sizeof(buf));
	memcpy(buf, "ld.so-1.7.0", 11);
	memcpy(buf + 12, &nlibs, 4);
	memcpy(buf + 32, inner, inner_len);
	cr_assert_eq(ldcache_parse(buf, 32 + inner_len, collect, &s), 0);
	cr_expect_eq(s.n, 2);
}

Test(ldcache, malformed_caches_are_rejected)
{
	unsigned char buf[512], bad[512];
	size_t len = build_cache(buf, sizeof(buf)), cut;
	uint32_t huge = 0x10000000, off = 10000;
	struct seen s = {};

	for (cut = 0; cut < len; cut++) {
		s.n = 0;
		/* A cut inside the string of a used entry must be caught. */
		int ret = ldcache_parse(buf, cut, collect, &s);

		cr_expect(ret == -EINVAL || (ret == 0 && cut >= len - 1), "cut %zu: %d", cut, ret);
	}
	memcpy(bad, buf, len);
	memcpy(bad + 20, &huge, 4); /* nlibs */
	cr_expect_eq(ldcache_parse(bad, len, collect, &s), -EINVAL);
	memcpy(bad, buf, len);
	memcpy(bad + 48 + 8, &off, 4); /* value of entry 0 out of the file */
	cr_expect_eq(ldcache_parse(bad, len, collect, &s), -EINVAL);
	memcpy(bad, buf, len);
	bad[len - 1] = 'x'; /* last string not terminated */
	cr_expect_eq(ldcache_parse(bad, len, collect, &s), -EINVAL);
	memcpy(bad, buf, len);
	bad[3] = 'X';
	cr_expect_eq(ldcache_parse(bad, len, collect, &s), -EINVAL);
}

static int find_libc(const char *soname, const char *path, void *ctx)
{
	return strcmp(soname, "libc.so.6") == 0 ? 1 : 0;
}

Test(ldcache, system_cache_has_libc)
{
	if (access(LDCACHE_PATH, R_OK) != 0)
		cr_skip_test("no " LDCACHE_PATH " (not glibc?)");
	/* Under QEMU user emulation the system's cache is the host's, with
	 * no entry of this ABI (make check-unit ARCH= sets this). */
	if (getenv("CORETRACE_EMULATED"))
		cr_skip_test("emulated: " LDCACHE_PATH " is another architecture's");
	char empty[] = "/tmp/coretrace-ldcache-XXXXXX";
	int root = rootfs_open_root(0), none;

	cr_assert_geq(root, 0);
	cr_expect_eq(ldcache_foreach(root, find_libc, NULL), 1);
	close(root);
	/* A root without a cache. */
	cr_assert_not_null(mkdtemp(empty));
	none = open(empty, O_PATH | O_DIRECTORY | O_CLOEXEC);
	cr_assert_geq(none, 0);
	cr_expect_eq(ldcache_foreach(none, find_libc, NULL), -ENOENT);
	close(none);
	rmdir(empty);
}
