/* journal-time.c - the time spent per week as 'bilan journal time' shows
 * it (see journal.h): the period's weeks, their total, the largest, the
 * streak at goal. */
#include "journal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

int bilan_journal_time(struct bilan_journal_time *out, const struct bilan_ws *ws,
		       enum bilan_time_period period, int64_t since, int64_t now,
		       struct bilan_error *err)
{
	const struct bilan_config *cfg = &ws->cfg;
	memset(out, 0, sizeof(*out));
	int64_t from;
	switch (period) {
	case BILAN_PERIOD_WEEK:
		from = now;
		break;
	case BILAN_PERIOD_MONTH: {
		struct bilan_time t = { now, 0, true };
		struct tm tm;
		bilan_time_local(&t, &tm);
		from = bilan_day_start(now - (int64_t)(tm.tm_mday - 1) * 86400 + 3600 * 12);
		break;
	}
	case BILAN_PERIOD_SINCE:
		from = since;
		break;
	case BILAN_PERIOD_DEFAULT:
	default:
		from = cfg->has_start && cfg->start.t <= now ? cfg->start.t : now - 7 * 7 * 86400;
		break;
	}
	if (from > now)
		from = now;
	/* The streak needs the weeks since the start of the bilan. */
	int64_t read_from = from;
	if (period != BILAN_PERIOD_WEEK && cfg->has_start && cfg->start.t < read_from)
		read_from = cfg->start.t;
	int rc = bilan_journal_weeks(&out->weeks, &out->n, ws, read_from, now, &out->diags, err);
	if (rc < 0)
		return rc;
	while (out->first + 1 < out->n && out->weeks[out->first + 1].start <= from)
		out->first++;
	out->goal = cfg->weekly_goal;
	out->has_streak = period != BILAN_PERIOD_WEEK;
	out->streak = bilan_journal_streak(out->weeks, out->n, out->goal);
	out->max = out->goal;
	for (size_t i = out->first; i < out->n; i++) {
		out->total += out->weeks[i].minutes;
		if (out->weeks[i].minutes > out->max)
			out->max = out->weeks[i].minutes;
	}
	return 0;
}

void bilan_journal_time_clear(struct bilan_journal_time *t)
{
	free(t->weeks);
	bilan_diags_clear(&t->diags);
	memset(t, 0, sizeof(*t));
}
