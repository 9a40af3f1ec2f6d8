/* questionnaire-tty.c - a questionnaire answered on the terminal, one item
 * at a time in raw mode (keys, redraws, signals, unfinished answers kept):
 * the interactive side of the runner (questionnaire-run.h). */
#include "common.h"
#include "labels.h"
#include "questionnaire-run.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "ecart.h"
#include "fs.h"
#include "id.h"
#include "text.h"

/* ------------------------------------------------------------------ */
/* the terminal run                                                    */

static volatile sig_atomic_t pending_signal;

static void on_signal(int sig)
{
	pending_signal = sig;
}

enum outcome { OUT_FINISHED, OUT_QUIT, OUT_SIGNAL, OUT_HANGUP };

enum {
	KEY_NONE = 0,
	KEY_ENTER = 1000, KEY_LEFT, KEY_RIGHT, KEY_BACKSPACE, KEY_INTR, KEY_EOF, KEY_REDRAW,
	KEY_SIGNAL = -1, KEY_HANGUP = -2,
};

struct runner {
	const struct bilan_questionnaire *q;
	struct bilan_q_answers *a;
	const char *gitdir;
	bool en;
	size_t pos;                 /* item shown; nitems = the end screen */
	struct termios saved;
	bool raw;
	sigset_t waitmask;          /* the mask while waiting (signals open) */
	char typed[8];              /* digits typed on scales over 9 */
	unsigned char in[64];       /* keys read but not handled yet */
	size_t inlen;
	const char *msg;            /* one line shown under the item */
	char msgbuf[BILAN_ERROR_MSG_MAX + 64];
};

static void term_raw(struct runner *r)
{
	struct termios t = r->saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
		r->raw = true;
}

static void term_restore(struct runner *r)
{
	if (r->raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &r->saved);
	r->raw = false;
}

/* Wait for input with the signals open; KEY_SIGNAL when one came. */
static int wait_input(struct runner *r)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	for (;;) {
		if (pending_signal)
			return KEY_SIGNAL;
		int n = ppoll(&p, 1, NULL, &r->waitmask);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return KEY_HANGUP;
		if (p.revents & (POLLIN | POLLHUP | POLLERR))
			return 0;
	}
}

/* One key: keys typed or pasted faster than the screen is drawn are kept
 * in r->in and taken one at a time. */
static int read_key(struct runner *r)
{
	if (!r->inlen) {
		int w = wait_input(r);
		if (w < 0)
			return w;
		ssize_t n = read(STDIN_FILENO, r->in, sizeof(r->in));
		if (n < 0 && errno == EINTR)
			return pending_signal ? KEY_SIGNAL : KEY_NONE;
		if (n <= 0)
			return KEY_HANGUP;
		r->inlen = (size_t)n;
	}
	const unsigned char *b = r->in;
	size_t used = 1;
	int key;
	if (b[0] == 0x1b) {
		key = KEY_NONE;
		if (r->inlen >= 3 && (b[1] == '[' || b[1] == 'O')) {
			used = 3;
			if (b[2] == 'D')
				key = KEY_LEFT;
			else if (b[2] == 'C')
				key = KEY_RIGHT;
			else
				used = r->inlen;   /* another sequence: drop it */
		} else {
			used = r->inlen;
		}
	} else {
		switch (b[0]) {
		case '\r':
		case '\n': key = KEY_ENTER; break;
		case 0x7f:
		case 0x08: key = KEY_BACKSPACE; break;
		case 0x03: key = KEY_INTR; break;
		case 0x04: key = KEY_EOF; break;
		case 0x0c: key = KEY_REDRAW; break;
		default: key = b[0]; break;
		}
	}
	memmove(r->in, r->in + used, r->inlen - used);
	r->inlen -= used;
	return key;
}

static void save_partial(struct runner *r)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	if (bilan_q_answers_count(r->a) == 0) {
		bilan_q_partial_remove(r->gitdir, r->q->id, NULL);
		return;
	}
	if (bilan_q_partial_save(r->gitdir, r->q, r->a, r->pos, &err) < 0) {
		snprintf(r->msgbuf, sizeof(r->msgbuf), "%s", err.message);
		r->msg = r->msgbuf;
	}
}

static void clear_screen(void)
{
	fputs("\033[H\033[2J", stdout);
}

static void draw_keys(const struct runner *r, bool text_item)
{
	const struct bilan_questionnaire *q = r->q;
	printf("%s", col(stdout, C_DIM));
	if (text_item)
		printf(_("Enter: write your answer · s: skip · b: back · q: save and quit"));
	else
		printf(_("%d-%d: answer · Enter: keep · b: back · s: skip · q: save and quit"),
		       q->min, q->max);
	printf("%s\n", col(stdout, C_RESET));
}

static void draw_header(const struct runner *r, int width)
{
	const struct bilan_questionnaire *q = r->q;
	char prog[48];
	if (r->pos < q->nitems)
		snprintf(prog, sizeof(prog), "%zu/%zu", r->pos + 1, q->nitems);
	else
		snprintf(prog, sizeof(prog), "%zu/%zu", q->nitems, q->nitems);
	char *title = bilan_text_first_line(qr_q_title(q, r->en), (size_t)width - 10);
	struct bilan_buf t = BILAN_BUF_INIT;
	sanitize_shown(&t, title);
	size_t tw = bilan_text_width(bilan_buf_cstr(&t));
	printf("%s%s%s", col(stdout, C_BOLD), bilan_buf_cstr(&t), col(stdout, C_RESET));
	for (size_t i = tw; i + strlen(prog) < (size_t)width; i++)
		fputc(' ', stdout);
	printf("%s\n", prog);
	for (int i = 0; i < width; i++)
		fputs("─", stdout);
	fputc('\n', stdout);
	bilan_buf_clear(&t);
	free(title);
}

static void draw(struct runner *r)
{
	const struct bilan_questionnaire *q = r->q;
	int width = (int)term_width(40, 120);
	clear_screen();
	draw_header(r, width);
	if (r->pos >= q->nitems) {
		size_t answered = bilan_q_answers_count(r->a);
		printf("\n");
		printf(_("End of the questionnaire: %zu of %zu items answered."), answered, q->nitems);
		printf("\n\n");
		printf("%s", col(stdout, C_DIM));
		printf(_("Enter: save the result · b: back · q: keep the answers for later"));
		printf("%s\n", col(stdout, C_RESET));
	} else {
		const struct bilan_q_item *it = &q->items[r->pos];
		if (it->skill != BILAN_Q_NONE) {
			printf("%s", col(stdout, C_DIM));
			print_text(stdout, q->skills[it->skill].label);
			printf("%s\n", col(stdout, C_RESET));
		}
		printf("\n");
		qr_put_wrapped(stdout, it->text, (size_t)width, "  ");
		printf("\n");
		if (it->type == BILAN_Q_ITEM_TEXT) {
			if (r->a->text[r->pos]) {
				printf("  %s\n", _("Your answer:"));
				qr_put_wrapped(stdout, r->a->text[r->pos], (size_t)width, "    ");
			} else {
				printf("  %s%s%s\n", col(stdout, C_DIM), _("(free answer, optional)"),
				       col(stdout, C_RESET));
			}
			printf("\n");
			draw_keys(r, true);
		} else {
			int cur = r->a->value[r->pos];
			for (int v = q->min; v <= q->max; v++) {
				const char *label = bilan_q_item_label(q, r->pos, v);
				bool on = v == cur;
				printf("  %s%s %2d  ", on ? col(stdout, C_BOLD) : "", on ? "›" : " ", v);
				if (label)
					print_text(stdout, label);
				printf("%s\n", on ? col(stdout, C_RESET) : "");
			}
			printf("\n");
			if (r->typed[0])
				printf("  > %s\n", r->typed);
			draw_keys(r, false);
		}
	}
	if (r->msg) {
		printf("%s", col(stdout, C_YELLOW));
		print_text(stdout, r->msg);
		printf("%s\n", col(stdout, C_RESET));
		r->msg = NULL;
	}
	fflush(stdout);
}

/* The start screen: title, description, instructions; false to quit. */
static int draw_start(struct runner *r)
{
	const struct bilan_questionnaire *q = r->q;
	int width = (int)term_width(40, 120);
	clear_screen();
	draw_header(r, width);
	printf("\n");
	qr_put_wrapped(stdout, r->en && q->en_description ? q->en_description : q->description,
		    (size_t)width, "");
	printf("\n");
	qr_put_wrapped(stdout, r->en && q->en_instructions ? q->en_instructions : q->instructions,
		    (size_t)width, "");
	printf("\n");
	printf(P_("%zu question. Answer with the number keys; b goes back, s skips, q saves and quits.",
		  "%zu questions. Answer with the number keys; b goes back, s skips, q saves and quits.",
		  q->nitems), q->nitems);
	printf("\n\n%s%s%s\n", col(stdout, C_BOLD), _("Press Enter to begin (q to quit)."),
	       col(stdout, C_RESET));
	fflush(stdout);
	for (;;) {
		int k = read_key(r);
		if (k == KEY_ENTER || k == ' ')
			return 1;
		if (k == 'q' || k == 'Q' || k == KEY_EOF)
			return 0;
		if (k == KEY_INTR || k == KEY_SIGNAL)
			return KEY_SIGNAL;
		if (k == KEY_HANGUP)
			return KEY_HANGUP;
	}
}

/* Read one line in cooked mode (the kernel edits it), signals open. */
static int read_line(struct runner *r, struct bilan_buf *out)
{
	struct termios t = r->saved;
	t.c_lflag |= ICANON | ECHO | ISIG;
	t.c_iflag |= ICRNL;
	tcsetattr(STDIN_FILENO, TCSANOW, &t);
	printf("  > ");
	fflush(stdout);
	int rc = 0;
	/* keys typed ahead belong to the line */
	if (r->inlen) {
		size_t k = 0;
		while (k < r->inlen && r->in[k] != '\r' && r->in[k] != '\n')
			k++;
		bilan_buf_put(out, r->in, k);
		fwrite(r->in, 1, k, stdout);
		bool complete = k < r->inlen;
		if (complete) {
			fputc('\n', stdout);
			k++;   /* the end of the line; what follows stays for the next keys */
		}
		fflush(stdout);
		memmove(r->in, r->in + k, r->inlen - k);
		r->inlen -= k;
		if (complete)
			goto done;
	}
	for (;;) {
		int w = wait_input(r);
		if (w < 0) {
			rc = w;
			break;
		}
		char buf[512];
		ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* 0: Ctrl-D (end of the line); an error: the terminal is gone */
			rc = n == 0 ? 0 : KEY_HANGUP;
			break;
		}
		bilan_buf_put(out, buf, (size_t)n);
		if (out->len > BILAN_Q_TEXT_MAX + 1 || memchr(buf, '\n', (size_t)n))
			break;
	}
done:
	term_raw(r);
	char *nl = out->ptr ? strpbrk(out->ptr, "\r\n") : NULL;
	if (nl)
		bilan_buf_truncate(out, (size_t)(nl - out->ptr));
	return rc;
}

static void set_answer(struct runner *r, int v)
{
	r->a->value[r->pos] = v;
	r->pos++;
	save_partial(r);
}

/* One key on a scale item. */
static void scale_key(struct runner *r, int k)
{
	const struct bilan_questionnaire *q = r->q;
	if (k >= '0' && k <= '9') {
		int d = k - '0';
		if (q->max <= 9) {
			if (d >= q->min && d <= q->max)
				set_answer(r, d);
			else {
				snprintf(r->msgbuf, sizeof(r->msgbuf), _("answer with a number from %d to %d"),
					 q->min, q->max);
				r->msg = r->msgbuf;
			}
			return;
		}
		size_t len = strlen(r->typed);
		if (len + 1 < sizeof(r->typed)) {
			r->typed[len] = (char)k;
			r->typed[len + 1] = '\0';
		}
		int v = atoi(r->typed); /* NOLINT(cert-err34-c): at most 7 digits */
		if (v * 10 > q->max) {   /* no digit can follow */
			r->typed[0] = '\0';
			if (v >= q->min && v <= q->max)
				set_answer(r, v);
			else {
				snprintf(r->msgbuf, sizeof(r->msgbuf), _("answer with a number from %d to %d"),
					 q->min, q->max);
				r->msg = r->msgbuf;
			}
		}
		return;
	}
	if (k == KEY_ENTER && r->typed[0]) {
		int v = atoi(r->typed); /* NOLINT(cert-err34-c): at most 7 digits */
		r->typed[0] = '\0';
		if (v >= q->min && v <= q->max)
			set_answer(r, v);
		else {
			snprintf(r->msgbuf, sizeof(r->msgbuf), _("answer with a number from %d to %d"),
				 q->min, q->max);
			r->msg = r->msgbuf;
		}
		return;
	}
	if (k == KEY_BACKSPACE && r->typed[0]) {
		r->typed[strlen(r->typed) - 1] = '\0';
		return;
	}
	if (k == KEY_ENTER || k == KEY_RIGHT) {
		if (r->a->value[r->pos] != BILAN_Q_SKIPPED || k == KEY_RIGHT) {
			r->pos++;
			save_partial(r);
		} else {
			snprintf(r->msgbuf, sizeof(r->msgbuf), _("answer with a number from %d to %d, or s to skip"),
				 q->min, q->max);
			r->msg = r->msgbuf;
		}
		return;
	}
	if (k == 's' || k == 'S') {
		r->typed[0] = '\0';
		set_answer(r, BILAN_Q_SKIPPED);
		return;
	}
}

static enum outcome interact(struct runner *r)
{
	const struct bilan_questionnaire *q = r->q;
	for (;;) {
		draw(r);
		int k = read_key(r);
		if (k == KEY_SIGNAL || k == KEY_INTR)
			return OUT_SIGNAL;
		if (k == KEY_HANGUP)
			return OUT_HANGUP;
		if (k == 'q' || k == 'Q' || k == KEY_EOF)
			return OUT_QUIT;
		if (k == KEY_REDRAW || k == KEY_NONE)
			continue;
		if (k == 'b' || k == 'B' || k == KEY_LEFT || (k == KEY_BACKSPACE && !r->typed[0])) {
			r->typed[0] = '\0';
			if (r->pos > 0)
				r->pos--;
			continue;
		}
		if (r->pos >= q->nitems) {
			if (k == KEY_ENTER) {
				if (bilan_q_answers_count(r->a) == 0 ||
				    q->nscale == 0) {
					r->msg = _("nothing answered yet");
					continue;
				}
				size_t rated = 0;
				for (size_t i = 0; i < q->nitems; i++)
					rated += q->items[i].type == BILAN_Q_ITEM_SCALE &&
						 r->a->value[i] != BILAN_Q_SKIPPED;
				if (!rated) {
					r->msg = _("no item is answered on the scale: go back with b");
					continue;
				}
				return OUT_FINISHED;
			}
			continue;
		}
		const struct bilan_q_item *it = &q->items[r->pos];
		if (it->type == BILAN_Q_ITEM_TEXT) {
			if (k == 's' || k == 'S') {
				free(r->a->text[r->pos]);
				r->a->text[r->pos] = NULL;
				r->pos++;
				save_partial(r);
			} else if (k == KEY_RIGHT) {
				r->pos++;
			} else if (k == KEY_ENTER || k == 'e' || k == 'E') {
				struct bilan_buf line = BILAN_BUF_INIT;
				int rc = read_line(r, &line);
				if (rc == KEY_SIGNAL) {
					bilan_buf_clear(&line);
					return OUT_SIGNAL;
				}
				if (rc == KEY_HANGUP) {
					bilan_buf_clear(&line);
					return OUT_HANGUP;
				}
				char *s = bilan_buf_detach(&line);
				char *t = s ? s : bilan_xstrdup("");
				/* trim */
				char *b = t;
				while (*b == ' ' || *b == '\t')
					b++;
				size_t n = strlen(b);
				while (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\r'))
					b[--n] = '\0';
				struct bilan_error err = BILAN_ERROR_INIT;
				if (!*b) {
					r->pos++;   /* empty: keep what was there */
					save_partial(r);
				} else if (bilan_q_answer_set_text(r->a, q, r->pos, b, &err) < 0) {
					snprintf(r->msgbuf, sizeof(r->msgbuf), "%s", err.message);
					r->msg = r->msgbuf;
				} else {
					r->pos++;
					save_partial(r);
				}
				free(t);
			}
			continue;
		}
		scale_key(r, k);
	}
}

int qr_collect_interactive(struct bilan_q_answers *out, bool *complete,
			       struct bilan_ctx *ctx, const struct bilan_questionnaire *q,
			       const struct test_run_opts *o)
{
	struct bilan_error err = BILAN_ERROR_INIT;
	struct bilan_ws *ws = ctx->ws;
	struct bilan_q_answers a = BILAN_Q_ANSWERS_INIT;
	struct bilan_q_partial info;
	bool same = true, resume = false;
	memset(&info, 0, sizeof(info));
	int rc = bilan_q_partial_load(&a, &info, &same, ws->gitdir, q, &err);
	if (rc == 0 && info.answered == 0) {
		bilan_q_answers_clear(&a);
		rc = BILAN_ENOTFOUND;
	}
	if (rc == 0) {
		char saved[64] = "";
		if (info.saved.t)
			lbl_date_short(saved, sizeof(saved), &info.saved);
		if (o->restart) {
			resume = false;
		} else {
			char *question = same
				? bilan_xasprintf(_("You have unfinished answers to '%s' (%zu answered, saved %s). Resume them?"),
						  q->id, info.answered, saved)
				: bilan_xasprintf(_("The questionnaire '%s' has changed since your unfinished answers (%zu still apply, saved %s). Resume them?"),
						  q->id, info.answered, saved);
			resume = ask_yes_no(question, true);
			free(question);
		}
		if (!resume) {
			bilan_q_answers_clear(&a);
			bilan_q_partial_remove(ws->gitdir, q->id, NULL);
		}
	} else if (rc != BILAN_ENOTFOUND) {
		/* damaged: say so, start over (it is replaced at the first answer) */
		print_error(&err);
		warn(_("the unfinished answers cannot be read: starting over"));
	}
	if (!resume)
		bilan_q_answers_init(&a, q);

	struct runner r;
	memset(&r, 0, sizeof(r));
	r.q = q;
	r.a = &a;
	r.gitdir = ws->gitdir;
	r.en = qr_english(ctx);
	r.pos = resume ? info.position : 0;
	bilan_q_partial_clear(&info);
	if (tcgetattr(STDIN_FILENO, &r.saved) < 0) {
		bilan_q_answers_clear(&a);
		return fail(_("cannot set up the terminal: %s"), strerror(errno));
	}

	/* Signals: blocked except while waiting for a key, so that a Ctrl-C,
	 * a closed terminal (SIGHUP) or a kill saves the answers and restores
	 * the terminal from the main loop, never from a handler. */
	static const int sigs[] = { SIGINT, SIGHUP, SIGTERM, SIGQUIT };
	struct sigaction sa, old[4];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigset_t block, prev;
	sigemptyset(&block);
	for (size_t i = 0; i < 4; i++) {
		sigaction(sigs[i], &sa, &old[i]);
		sigaddset(&block, sigs[i]);
	}
	sigprocmask(SIG_BLOCK, &block, &prev);
	r.waitmask = prev;
	for (size_t i = 0; i < 4; i++)
		sigdelset(&r.waitmask, sigs[i]);
	pending_signal = 0;

	term_raw(&r);
	enum outcome out_kind;
	int start = resume ? 1 : draw_start(&r);
	if (start == 1)
		out_kind = interact(&r);
	else if (start == 0)
		out_kind = OUT_QUIT;
	else
		out_kind = start == KEY_HANGUP ? OUT_HANGUP : OUT_SIGNAL;
	/* keep what was answered, whatever happens */
	if (out_kind != OUT_FINISHED)
		save_partial(&r);
	else if (bilan_q_partial_save(ws->gitdir, q, &a, q->nitems, &err) < 0)
		print_error(&err);
	term_restore(&r);
	clear_screen();
	fflush(stdout);
	int sig = pending_signal;
	sigprocmask(SIG_SETMASK, &prev, NULL);
	for (size_t i = 0; i < 4; i++)
		sigaction(sigs[i], &old[i], NULL);

	size_t answered = bilan_q_answers_count(&a);
	if (out_kind == OUT_FINISHED) {
		*out = a;
		*complete = true;
		return EXIT_DONE;
	}
	bilan_q_answers_clear(&a);
	if (answered)
		fprintf(stderr, P_("%zu answer kept; 'bilan test run %s' resumes where you stopped.\n",
				   "%zu answers kept; 'bilan test run %s' resumes where you stopped.\n",
				   answered), answered, q->id);
	else
		fprintf(stderr, "%s\n", _("Nothing answered, nothing kept."));
	if (out_kind == OUT_QUIT)
		return EXIT_DONE;
	if (out_kind == OUT_HANGUP)
		return 128 + SIGHUP;
	return 128 + (sig ? sig : SIGINT);
}

