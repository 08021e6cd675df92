// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "cgroup2.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracer.h"

#define RUN_DIR	    "/run/coretrace"
#define RUN_CGROUP2 RUN_DIR "/cgroup2"

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(const char *s, size_t n, char *out, size_t len)
{
	size_t i = 0, o = 0;

	while (i < n && o + 1 < len) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3') {
			out[o++] = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
					  (s[i + 3] - '0'));
			i += 4;
		} else {
			out[o++] = s[i++];
		}
	}
	out[o] = '\0';
}

int cgroup2_find_mount(const char *mountinfo, char *path, size_t len)
{
	const char *line = mountinfo;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		const char *sep = strstr(line, " - ");
		const char *p = line;
		int field;

		if (!end)
			end = line + strlen(line);
		/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] - FSTYPE SRC OPTS" */
		if (sep && sep < end && strncmp(sep + 3, "cgroup2 ", 8) == 0) {
			for (field = 0; field < 4 && p < sep; field++) {
				p = strchr(p, ' ');
				if (!p)
					break;
				p++;
			}
			if (p && field == 4 && p < sep) {
				const char *q = strchr(p, ' ');

				if (q && q <= sep) {
					unescape(p, (size_t)(q - p), path, len);
					return 0;
				}
			}
		}
		line = *end ? end + 1 : NULL;
	}
	return -ENOENT;
}

static char *read_mountinfo(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			char *grown = realloc(buf, cap + 65536);

			if (!grown) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = grown;
			cap += 65536;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

int cgroup2_root_open(const struct tracer *t, char *path, size_t len)
{
	char *info = read_mountinfo();
	int fd, err;

	if (info && cgroup2_find_mount(info, path, len) == 0) {
		free(info);
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		err = -errno;
		tracer_error(t, "cannot open cgroup v2 root %s: %s", path, strerror(-err));
		return err;
	}
	free(info);
	/* Nothing mounted: mount it, open it, and detach the mount again; the
	 * fd (and links attached through it) keep the cgroup. */
	snprintf(path, len, "%s", RUN_CGROUP2);
	mkdir(RUN_DIR, 0755);
	mkdir(RUN_CGROUP2, 0755);
	if (mount("cgroup2", RUN_CGROUP2, "cgroup2", 0, NULL)) {
		err = -errno;
		tracer_error(t,
			     "no cgroup v2 mounted and mounting one at %s failed (%s): "
			     "run 'mount -t cgroup2 none /sys/fs/cgroup'",
			     RUN_CGROUP2, strerror(-err));
		return err;
	}
	fd = open(RUN_CGROUP2, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	err = -errno;
	umount2(RUN_CGROUP2, MNT_DETACH);
	rmdir(RUN_CGROUP2);
	if (fd < 0) {
		tracer_error(t, "cannot open cgroup v2 root %s: %s", RUN_CGROUP2, strerror(-err));
		return err;
	}
	tracer_info(t, "mounted cgroup v2 at %s to attach", RUN_CGROUP2);
	return fd;
}
