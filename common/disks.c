// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "disks.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void disk_name(unsigned int major, unsigned int minor, char *buf, size_t len)
{
	char path[64], line[256];
	FILE *f;

	snprintf(buf, len, "%u:%u", major, minor);
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/uevent", major, minor);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "DEVNAME=", 8) == 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(buf, len, "%s", line + 8);
			break;
		}
	}
	fclose(f);
}

int disk_lookup(const char *name, unsigned int *major, unsigned int *minor)
{
	char path[128];
	int n = 0;
	FILE *f;

	/* Refuse path tricks: a disk name is one path component. */
	if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -ENOENT;
	snprintf(path, sizeof(path), "/sys/class/block/%s/dev", name);
	f = fopen(path, "re");
	if (!f)
		return -ENOENT;
	n = fscanf(f, "%u:%u", major, minor);
	fclose(f);
	return n == 2 ? 0 : -ENOENT;
}
