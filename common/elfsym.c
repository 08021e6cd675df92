// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "elfsym.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct elf_file {
	int fd;
	Elf *elf;
	Elf_Scn *dynsym, *symtab, *versym, *verdef, *dynamic;
	char soname[256];
	char last_verdef[128];
};

int elf_file_open(const char *path, struct elf_file **out)
{
	struct stat st;
	int fd, err;

	*out = NULL;
	/* O_NONBLOCK: a FIFO at @path opens at once, and is refused below. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		err = -errno;
	else if (!S_ISREG(st.st_mode))
		err = -ENOEXEC; /* a directory, FIFO or device: not an ELF file */
	else
		err = elf_file_open_fd(fd, out);
	close(fd);
	return err;
}

int elf_file_open_fd(int fd, struct elf_file **out)
{
	struct elf_file *ef;
	GElf_Ehdr ehdr;
	Elf_Scn *scn = NULL;
	size_t shstrndx, shnum;
	struct stat st;
	int err = 0;

	*out = NULL;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOEXEC;
	ef = calloc(1, sizeof(*ef));
	if (!ef)
		return -ENOMEM;
	ef->fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (ef->fd < 0) {
		err = -errno;
		goto fail;
	}
	if (fstat(ef->fd, &st) || !S_ISREG(st.st_mode)) {
		err = -ENOEXEC;
		goto fail;
	}
	/* READ_MMAP: libelf checks every section against the file size. */
	ef->elf = elf_begin(ef->fd, ELF_C_READ_MMAP, NULL);
	if (!ef->elf || elf_kind(ef->elf) != ELF_K_ELF || !gelf_getehdr(ef->elf, &ehdr) ||
	    gelf_getclass(ef->elf) != (sizeof(long) == 8 ? ELFCLASS64 : ELFCLASS32) ||
	    elf_getshdrstrndx(ef->elf, &shstrndx) != 0) {
		err = -ENOEXEC;
		goto fail;
	}
	/* A cut-off file can have a valid ELF header and nothing behind it:
	 * say so, rather than "no such function" later. */
	if (elf_getshdrnum(ef->elf, &shnum) ||
	    ehdr.e_shoff + (__uint128_t)shnum * ehdr.e_shentsize > (__uint128_t)st.st_size ||
	    ehdr.e_phoff + (__uint128_t)ehdr.e_phnum * ehdr.e_phentsize > (__uint128_t)st.st_size) {
		err = -EBADMSG;
		goto fail;
	}
	while ((scn = elf_nextscn(ef->elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type != SHT_NOBITS &&
		    sh.sh_offset + (__uint128_t)sh.sh_size > (__uint128_t)st.st_size) {
			err = -EBADMSG;
			goto fail;
		}
		switch (sh.sh_type) {
		case SHT_DYNSYM: ef->dynsym = ef->dynsym ? ef->dynsym : scn; break;
		case SHT_SYMTAB: ef->symtab = ef->symtab ? ef->symtab : scn; break;
		case SHT_GNU_versym: ef->versym = scn; break;
		case SHT_GNU_verdef: ef->verdef = scn; break;
		case SHT_DYNAMIC: ef->dynamic = scn; break;
		}
	}
	*out = ef;
	return 0;
fail:
	elf_file_close(ef);
	return err;
}

int elf_file_fd(const struct elf_file *ef)
{
	return ef->fd;
}

const char *elf_strerror(int err)
{
	if (err == -ENOEXEC)
		return "not an ELF file of this machine";
	if (err == -EBADMSG)
		return "truncated or corrupt ELF file";
	return strerror(-err);
}

void elf_file_close(struct elf_file *ef)
{
	if (!ef)
		return;
	if (ef->elf)
		elf_end(ef->elf);
	if (ef->fd >= 0)
		close(ef->fd);
	free(ef);
}

static bool section(Elf_Scn *scn, GElf_Shdr *sh, Elf_Data **data)
{
	if (!scn || !gelf_getshdr(scn, sh))
		return false;
	*data = elf_getdata(scn, NULL);
	return *data && (*data)->d_buf;
}

/* Name of version index @ndx in .gnu.version_d, or NULL. */
static const char *verdef_name(struct elf_file *ef, unsigned int ndx, bool last)
{
	const char *found = NULL;
	Elf_Data *data;
	GElf_Shdr sh;
	size_t off = 0, i;

	if (!section(ef->verdef, &sh, &data))
		return NULL;
	/* sh_info is the entry count; it bounds the walk even if vd_next loops. */
	for (i = 0; i < sh.sh_info; i++) {
		GElf_Verdef vd;
		GElf_Verdaux vda;

		if (!gelf_getverdef(data, (int)off, &vd))
			break;
		if ((last || vd.vd_ndx == ndx) && !(vd.vd_flags & VER_FLG_BASE) &&
		    gelf_getverdaux(data, (int)(off + vd.vd_aux), &vda)) {
			const char *name = elf_strptr(ef->elf, sh.sh_link, vda.vda_name);

			if (!last)
				return name;
			if (name && !strstr(name, "PRIVATE"))
				found = name;
		}
		if (!vd.vd_next || off + vd.vd_next > data->d_size)
			break;
		off += vd.vd_next;
	}
	return found;
}

static int vaddr_to_offset(struct elf_file *ef, GElf_Addr vaddr, size_t *offset)
{
	size_t n, i;

	if (elf_getphdrnum(ef->elf, &n) != 0)
		return -ENOEXEC;
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(ef->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (vaddr >= ph.p_vaddr && vaddr - ph.p_vaddr < ph.p_filesz) {
			*offset = (size_t)(vaddr - ph.p_vaddr + ph.p_offset);
			return 0;
		}
	}
	return -ENOENT;
}

struct sym_query {
	const char *base; /* name without the version */
	size_t base_len;
	const char *version; /* NULL: any, the default one preferred */
	bool want_default;   /* "@@VERSION" */
};

static void parse_query(const char *name, struct sym_query *q)
{
	const char *at = strchr(name, '@');

	q->base = name;
	q->base_len = at ? (size_t)(at - name) : strlen(name);
	q->version = NULL;
	q->want_default = false;
	if (at) {
		q->want_default = at[1] == '@';
		q->version = at + (q->want_default ? 2 : 1);
	}
}

/* Search one symbol table; 1 with *vaddr set when found, else 0. */
static int search_symbols(struct elf_file *ef, Elf_Scn *scn, const struct sym_query *q,
			  GElf_Addr *vaddr)
{
	Elf_Data *data, *vs_data = NULL;
	GElf_Shdr sh, vs_sh;
	size_t n, i;
	int found = 0;

	if (!section(scn, &sh, &data) || sh.sh_entsize == 0)
		return 0;
	n = data->d_size / sh.sh_entsize;
	if (scn == ef->dynsym && !section(ef->versym, &vs_sh, &vs_data))
		vs_data = NULL;
	for (i = 1; i < n; i++) {
		const char *sname, *ver = NULL;
		bool hidden = false;
		GElf_Sym sym;
		int type;

		if (!gelf_getsym(data, (int)i, &sym))
			break;
		type = GELF_ST_TYPE(sym.st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) || sym.st_shndx == SHN_UNDEF ||
		    sym.st_value == 0)
			continue;
		sname = elf_strptr(ef->elf, sh.sh_link, sym.st_name);
		if (!sname || strncmp(sname, q->base, q->base_len) != 0 ||
		    (sname[q->base_len] != '\0' && sname[q->base_len] != '@'))
			continue;
		if (sname[q->base_len] == '@') {
			/* .symtab spells versions in the name: "f@V" or "f@@V". */
			hidden = sname[q->base_len + 1] != '@';
			ver = sname + q->base_len + (hidden ? 1 : 2);
		} else if (vs_data) {
			GElf_Versym vs;

			if (gelf_getversym(vs_data, (int)i, &vs)) {
				hidden = vs & 0x8000;
				ver = verdef_name(ef, vs & 0x7fff, false);
			}
		}
		if (q->version &&
		    (!ver || strcmp(ver, q->version) != 0 || (q->want_default && hidden)))
			continue;
		/* Without a version, the default one wins over older ones. */
		if (!found || !hidden) {
			*vaddr = sym.st_value;
			found = 1;
			if (!hidden)
				break;
		}
	}
	return found;
}

int elf_file_func_offset(struct elf_file *ef, const char *name, size_t *offset)
{
	struct sym_query q;
	GElf_Addr vaddr;

	parse_query(name, &q);
	if (q.base_len == 0)
		return -EINVAL;
	if (search_symbols(ef, ef->dynsym, &q, &vaddr) ||
	    search_symbols(ef, ef->symtab, &q, &vaddr))
		return vaddr_to_offset(ef, vaddr, offset);
	return -ENOENT;
}

int elf_func_offset(const char *path, const char *name, size_t *offset)
{
	struct elf_file *ef;
	int err;

	err = elf_file_open(path, &ef);
	if (err)
		return err;
	err = elf_file_func_offset(ef, name, offset);
	elf_file_close(ef);
	return err;
}

const char *elf_file_soname(struct elf_file *ef)
{
	Elf_Data *data;
	GElf_Shdr sh;
	size_t i, n;

	if (ef->soname[0])
		return ef->soname;
	if (!section(ef->dynamic, &sh, &data) || sh.sh_entsize == 0)
		return NULL;
	n = data->d_size / sh.sh_entsize;
	for (i = 0; i < n; i++) {
		GElf_Dyn dyn;
		const char *s;

		if (!gelf_getdyn(data, (int)i, &dyn) || dyn.d_tag == DT_NULL)
			break;
		if (dyn.d_tag != DT_SONAME)
			continue;
		s = elf_strptr(ef->elf, sh.sh_link, dyn.d_un.d_val);
		if (!s)
			return NULL;
		snprintf(ef->soname, sizeof(ef->soname), "%s", s);
		return ef->soname;
	}
	return NULL;
}

const char *elf_file_last_verdef(struct elf_file *ef)
{
	const char *s;

	if (ef->last_verdef[0])
		return ef->last_verdef;
	s = verdef_name(ef, 0, true);
	if (!s)
		return NULL;
	snprintf(ef->last_verdef, sizeof(ef->last_verdef), "%s", s);
	return ef->last_verdef;
}

bool elf_file_has_symtab(const struct elf_file *ef)
{
	return ef->symtab != NULL;
}

bool elf_file_find_text(struct elf_file *ef, const char *prefix, char *buf, size_t len)
{
	size_t size, plen = strlen(prefix);
	const char *img = elf_rawfile(ef->elf, &size), *p = img, *end;

	if (!img || !plen || !len)
		return false;
	end = img + size;
	while ((p = memmem(p, (size_t)(end - p), prefix, plen))) {
		const char *s = p + plen;
		size_t n = 0;

		p++;
		if (s >= end || *s < '0' || *s > '9' || (p - 1 > img && p[-2] != '\0'))
			continue;
		while (s + n < end && s[n] && n + plen + 1 < len)
			n++;
		snprintf(buf, len, "%s%.*s", prefix, (int)n, s);
		return true;
	}
	return false;
}
