/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Block device numbers <-> the names users see (vda, nvme0n1, loop3). */
#ifndef CORETRACE_DISKS_H
#define CORETRACE_DISKS_H

#include <stddef.h>

/* Name of the disk MAJOR:MINOR from sysfs; "MAJOR:MINOR" if it has none
 * (the disk went away). Always fills @buf. */
void disk_name(unsigned int major, unsigned int minor, char *buf, size_t len);

/* Device numbers of the disk called @name; -ENOENT if there is none. */
int disk_lookup(const char *name, unsigned int *major, unsigned int *minor);

#endif
