// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* sigsnoop workload: send N signals to a child that ignores them. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int ready[2];
	long n, i;
	pid_t child;
	char c;

	if (argc != 2 || (n = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: sigloop N\n");
		return 2;
	}
	if (pipe(ready))
		return 1;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		signal(SIGUSR1, SIG_IGN);
		close(ready[0]);
		if (write(ready[1], "", 1) != 1)
			_exit(1);
		for (;;)
			pause(); /* SIGKILL from the parent ends it */
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1)
		return 1;
	for (i = 0; i < n; i++) {
		if (kill(child, SIGUSR1)) {
			perror("sigloop: kill");
			break;
		}
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return i == n ? 0 : 1;
}
