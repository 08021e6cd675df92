// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tracer.h"

/* Why an existing @st may not be written, or NULL. */
static const char *refusal(const struct stat *st, mode_t mode)
{
	if (S_ISLNK(st->st_mode))
		return "it is a symbolic link";
	if (!S_ISREG(st->st_mode))
		return "it is not a regular file";
	if (st->st_uid != geteuid())
		return "another user owns it";
	if (st->st_nlink != 1)
		return "it has other hard links";
	if (st->st_mode & 07777 & ~mode)
		return "others may read or change it";
	return NULL;
}

/* The existing file @path, checked through an O_PATH fd (which opens
 * nothing: no FIFO blocks, no device acts) and then reopened through that
 * fd, so what is written is what was checked. */
static int open_existing(const struct tracer *t, const char *path, mode_t mode)
{
	char self[64];
	struct stat st, now;
	const char *why;
	int pfd, fd = -1, err;

	pfd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0) {
		err = -errno;
		tracer_error(t, "cannot write %s: %s", path, strerror(-err));
		return err;
	}
	if (fstat(pfd, &st)) {
		err = -errno;
		tracer_error(t, "cannot write %s: %s", path, strerror(-err));
		goto cleanup;
	}
	why = refusal(&st, mode);
	if (why) {
		tracer_error(t, "refusing to write %s: %s (remove it, or name a new file)", path,
			     why);
		err = -EPERM;
		goto cleanup;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	fd = open(self, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) /* no /proc: the path again, compared below */
		fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		tracer_error(t, "cannot write %s: %s", path, strerror(-err));
		goto cleanup;
	}
	if (fstat(fd, &now) || now.st_dev != st.st_dev || now.st_ino != st.st_ino) {
		err = -ESTALE;
		tracer_error(t, "refusing to write %s: it changed while being opened", path);
		goto cleanup;
	}
	/* Emptied only now that it is known to be ours; blocking writes. */
	if (ftruncate(fd, 0) || fcntl(fd, F_SETFL, 0)) {
		err = -errno;
		tracer_error(t, "cannot write %s: %s", path, strerror(-err));
		goto cleanup;
	}
	err = fd;
	fd = -1;
cleanup:
	if (fd >= 0)
		close(fd);
	close(pfd);
	return err;
}

FILE *outfile_open(const struct tracer *t, const char *path, mode_t mode)
{
	FILE *f;
	int fd, err;

	if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
		return stdout;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0 && errno == EEXIST) {
		fd = open_existing(t, path, mode);
	} else if (fd < 0) {
		err = errno;
		tracer_error(t, "cannot create %s: %s", path, strerror(err));
		errno = err;
		return NULL;
	}
	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = errno;
		tracer_error(t, "cannot write %s: %s", path, strerror(err));
		close(fd);
		errno = err;
	}
	return f;
}

int outfile_close(FILE *f)
{
	int err = 0;

	if (!f || f == stdout)
		return 0;
	if (fflush(f) || ferror(f))
		err = -(errno ? errno : EIO);
	if (fclose(f) && !err)
		err = -errno;
	return err;
}
