// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "interval.h"

#include "tracer.h"

/* Without an interval or metrics, sleep until a stop. */
#define FOREVER_S (365.0 * 86400)

int interval_run(struct tracer *t, const struct interval_loop *l, FILE *out)
{
	double period = l->interval ? l->interval : l->metrics ? l->metrics_period : FOREVER_S;
	double elapsed = 0;
	unsigned int printed = 0;
	int err = 0;

	for (;;) {
		double step = period;
		bool last;

		if (l->duration && elapsed + step > l->duration)
			step = l->duration - elapsed;
		last = tracer_sleep(step);
		elapsed += step;
		if (l->duration && elapsed >= l->duration)
			last = true;
		err = l->collect(l->ctx);
		if (err)
			break;
		/* A failed write (a full disk) is said and tried again next time. */
		if (l->metrics)
			l->write_metrics(l->ctx);
		if (l->interval && l->count && ++printed >= l->count)
			last = true;
		if (l->interval || last) {
			if (l->print)
				l->print(l->ctx, out, !l->interval);
			tracer_report_lost(t, out, *l->lost);
			err = tracer_flush(t, out);
		}
		if (err || last)
			break;
	}
	return err;
}
