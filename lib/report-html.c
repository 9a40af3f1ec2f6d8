/* report-html.c - the HTML rendering of a report (see report.h): one
 * self-contained file, inline CSS, inline SVG charts, no script, nothing
 * fetched, printable, readable on a phone. */
#include "config.h"
#include "report.h"
#include "report-render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "rome.h"
#include "text.h"

/* Every text of the workspace goes through here: control characters made
 * visible, then & < > " ' escaped (safe in text and in quoted attributes). */
void bilan_html_escape(struct bilan_buf *out, const char *s)
{
	struct bilan_buf clean = BILAN_BUF_INIT;
	bilan_report_clean(&clean, s);
	const char *p = bilan_buf_cstr(&clean);
	for (; *p; p++) {
		switch (*p) {
		case '&': bilan_buf_puts(out, "&amp;"); break;
		case '<': bilan_buf_puts(out, "&lt;"); break;
		case '>': bilan_buf_puts(out, "&gt;"); break;
		case '"': bilan_buf_puts(out, "&quot;"); break;
		case '\'': bilan_buf_puts(out, "&#39;"); break;
		default: bilan_buf_putc(out, *p);
		}
	}
	bilan_buf_clear(&clean);
}

static void esc(struct bilan_buf *out, const char *s)
{
	bilan_html_escape(out, s);
}

/* At most max characters of s, with "…" when cut (caller frees). */
static char *shorten(const char *s, size_t max)
{
	size_t chars = 0, i = 0, len = strlen(s);
	for (; i < len; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (chars == max)
				break;
			chars++;
		}
	}
	if (i >= len)
		return bilan_xstrdup(s);
	char *cut = bilan_xstrndup(s, i);
	char *r = bilan_xasprintf("%s…", cut);
	free(cut);
	return r;
}

static void rtext(struct bilan_buf *out, const struct bilan_rtext *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *open = "", *close = "";
		switch (t->v[i].style) {
		case BILAN_RS_TEXT: break;
		case BILAN_RS_STRONG: open = "<strong>"; close = "</strong>"; break;
		case BILAN_RS_EM: open = "<em>"; close = "</em>"; break;
		case BILAN_RS_CODE: open = "<code>"; close = "</code>"; break;
		}
		bilan_buf_puts(out, open);
		esc(out, t->v[i].text);
		bilan_buf_puts(out, close);
	}
}

/* fixed-point numbers for SVG coordinates: never printf %f (the locale may
 * write a decimal comma) */
static void num(struct bilan_buf *out, long tenths)
{
	if (tenths < 0) {
		bilan_buf_putc(out, '-');
		tenths = -tenths;
	}
	if (tenths % 10)
		bilan_buf_printf(out, "%ld.%ld", tenths / 10, tenths % 10);
	else
		bilan_buf_printf(out, "%ld", tenths / 10);
}

static const char *const palette[] = { "#2b5f9e", "#d0812d", "#3f8f5a", "#8e5ba8", "#b03a2e" };
/* takes over time: the latest darkest */
static const char *const shades[] = { "#2b5f9e", "#4a78b0", "#6482a6", "#6f95c6" };   /* each >= 3:1 on white */

static const char *series_color(const struct bilan_rchart *c, size_t s)
{
	if (c->evolution) {
		size_t age = c->nseries - 1 - s;
		return shades[age < 4 ? age : 3];
	}
	return palette[s % 5];
}

static void legend(struct bilan_buf *out, const struct bilan_rchart *c, long x, long y)
{
	if (c->nseries < 2)
		return;
	long lx = x;
	for (size_t s = 0; s < c->nseries; s++) {
		bilan_buf_puts(out, "<rect x=\"");
		num(out, lx);
		bilan_buf_puts(out, "\" y=\"");
		num(out, y - 90);
		bilan_buf_printf(out, "\" width=\"10\" height=\"10\" fill=\"%s\"/>", series_color(c, s));
		bilan_buf_puts(out, "<text x=\"");
		num(out, lx + 150);
		bilan_buf_puts(out, "\" y=\"");
		num(out, y);
		bilan_buf_puts(out, "\" class=\"lg\">");
		char *n = shorten(c->series[s].name, 28);
		esc(out, n);
		bilan_buf_puts(out, "</text>");
		lx += 150 + 70 * (long)bilan_text_width(n) + 200;
		free(n);
	}
}

static void svg_open(struct bilan_buf *out, long w, long h, const char *title)
{
	bilan_buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %ld %ld\" "
			 "role=\"img\" aria-label=\"", w, h);
	esc(out, title);
	bilan_buf_puts(out, "\"><title>");
	esc(out, title);
	bilan_buf_puts(out, "</title>");
}

static void weeks_svg(struct bilan_buf *out, const struct bilan_rchart *c)
{
	const long W = 640, H = 230, L = 44, R = 64, T = 28, B = 40;
	const long PW = W - L - R, PH = H - T - B;
	const int *v = c->nseries ? c->series[0].v : NULL;
	int max = c->goal > 0 ? c->goal : 60;
	for (size_t i = 0; v && i < c->nlabels; i++)
		if (v[i] > max)
			max = v[i];
	int hours = (max + 59) / 60;
	int step = hours <= 6 ? 1 : (hours + 5) / 6;
	hours = ((hours + step - 1) / step) * step;
	long top = (long)hours * 60;   /* minutes at the top of the plot */
	svg_open(out, W, H, c->title);
	/* grid and y labels (hours) */
	for (int h = 0; h <= hours; h += step) {
		long y = T + PH - PH * h * 60 / top;
		bilan_buf_printf(out, "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" class=\"grid\"/>"
				 "<text x=\"%ld\" y=\"%ld\" class=\"ax\" text-anchor=\"end\">%dh</text>",
				 L, y, W - R, y, L - 6, y + 4, h);
	}
	size_t n = c->nlabels ? c->nlabels : 1;
	long slot = PW * 10 / (long)n;             /* tenths of a unit */
	long bw = slot * 7 / 10;
	size_t every = (n + 11) / 12;
	for (size_t i = 0; v && i < c->nlabels; i++) {
		long x = L * 10 + slot * (long)i + (slot - bw) / 2;
		long hgt = v[i] > 0 ? PH * 10 * v[i] / top : 0;
		long y = (T + PH) * 10 - hgt;
		bool met = c->goal > 0 && v[i] >= c->goal;
		bool current = i + 1 == c->nlabels;
		bilan_buf_puts(out, "<rect x=\"");
		num(out, x);
		bilan_buf_puts(out, "\" y=\"");
		num(out, y);
		bilan_buf_puts(out, "\" width=\"");
		num(out, bw);
		bilan_buf_puts(out, "\" height=\"");
		num(out, hgt);
		bilan_buf_printf(out, "\" class=\"%s%s\"><title>", met ? "met" : "under",
				 current ? " cur" : "");
		char d[16];
		if (v[i] > 0)
			bilan_duration_human(d, sizeof(d), v[i], true);
		else
			snprintf(d, sizeof(d), "0h");
		esc(out, c->labels[i]);
		bilan_buf_printf(out, " : %s%s</title></rect>", d, met ? " (objectif atteint)" : "");
		/* the goal met is a mark too, not only a colour */
		if (met) {
			bilan_buf_puts(out, "<text x=\"");
			num(out, x + bw / 2);
			bilan_buf_puts(out, "\" y=\"");
			num(out, y - 40);
			bilan_buf_puts(out, "\" class=\"mk\" text-anchor=\"middle\">✓</text>");
		}
		if (i % every == 0 || current) {
			bilan_buf_puts(out, "<text x=\"");
			num(out, x + bw / 2);
			bilan_buf_printf(out, "\" y=\"%ld\" class=\"ax\" text-anchor=\"middle\">", T + PH + 16);
			esc(out, c->keys && c->keys[i] ? c->keys[i] : c->labels[i]);
			bilan_buf_puts(out, "</text>");
		}
	}
	if (c->goal > 0) {
		long y = T + PH - PH * c->goal / top;
		bilan_buf_printf(out, "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" class=\"goal\"/>"
				 "<text x=\"%ld\" y=\"%ld\" class=\"ax goal-l\">objectif</text>",
				 L, y, W - R, y, W - R + 4, y + 4);
	}
	bilan_buf_printf(out, "<text x=\"%ld\" y=\"%ld\" class=\"ax\">semaines</text>", L, H - 4);
	bilan_buf_puts(out, "</svg>");
}

/* unit vectors (x1000) of a hexagon starting at the top, clockwise */
static const long hex[6][2] = {
	{ 0, -1000 }, { 866, -500 }, { 866, 500 }, { 0, 1000 }, { -866, 500 }, { -866, -500 },
};

static void radar_point(struct bilan_buf *out, long cx, long cy, long r, size_t i, int tenths)
{
	if (tenths < 0)
		tenths = 0;
	long len = r * tenths / 1000;   /* in tenths of a unit */
	num(out, cx * 10 + hex[i][0] * len / 1000);
	bilan_buf_putc(out, ',');
	num(out, cy * 10 + hex[i][1] * len / 1000);
}

static void radar_svg(struct bilan_buf *out, const struct bilan_rchart *c)
{
	const long W = 520, H = c->nseries > 1 ? 392 : 368, cx = 260, cy = 180, r = 120;
	svg_open(out, W, H, c->title);
	for (int ring = 1; ring <= 4; ring++) {
		bilan_buf_puts(out, "<polygon class=\"grid\" points=\"");
		for (size_t i = 0; i < 6; i++) {
			if (i)
				bilan_buf_putc(out, ' ');
			radar_point(out, cx, cy, r * 10, i, ring * 250);
		}
		bilan_buf_puts(out, "\"/>");
	}
	for (size_t i = 0; i < 6; i++) {
		bilan_buf_printf(out, "<line class=\"grid\" x1=\"%ld\" y1=\"%ld\" x2=\"", cx, cy);
		num(out, cx * 10 + hex[i][0] * r / 100);
		bilan_buf_puts(out, "\" y2=\"");
		num(out, cy * 10 + hex[i][1] * r / 100);
		bilan_buf_puts(out, "\"/>");
	}
	if (c->scale_max > c->scale_min) {
		/* the answer scale's middle and top, not percents */
		int mid = (c->scale_min + c->scale_max) * 5;
		char a[24], b[24];
		snprintf(a, sizeof(a), mid % 10 ? "%d,%d" : "%d", mid / 10, mid % 10);
		snprintf(b, sizeof(b), "%d", c->scale_max);
		bilan_buf_printf(out, "<text x=\"%ld\" y=\"%ld\" class=\"ax\">%s</text>"
				 "<text x=\"%ld\" y=\"%ld\" class=\"ax\">%s</text>",
				 cx + 3, cy - r / 2 - 3, a, cx + 3, cy - r - 3, b);
	} else {
		bilan_buf_printf(out, "<text x=\"%ld\" y=\"%ld\" class=\"ax\">50</text>"
				 "<text x=\"%ld\" y=\"%ld\" class=\"ax\">100</text>",
				 cx + 3, cy - r / 2 - 3, cx + 3, cy - r - 3);
	}
	for (size_t s = 0; s < c->nseries; s++) {
		bool latest = s + 1 == c->nseries;
		const char *col = series_color(c, s);
		bilan_buf_printf(out, "<polygon points=\"");
		for (size_t i = 0; i < 6 && i < c->nlabels; i++) {
			if (i)
				bilan_buf_putc(out, ' ');
			radar_point(out, cx, cy, r * 10, i, bilan_report_chart_permille(c, c->series[s].v[i]));
		}
		if (latest)
			bilan_buf_printf(out, "\" fill=\"%s\" fill-opacity=\"0.22\" stroke=\"%s\" "
					 "stroke-width=\"2.5\"/>", col, col);
		else
			bilan_buf_printf(out, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
					 "stroke-dasharray=\"5 3\"/>", col);
		if (!latest)
			continue;
		for (size_t i = 0; i < 6 && i < c->nlabels; i++) {
			char p[24];
			bilan_buf_puts(out, "<circle r=\"3.5\" cx=\"");
			int t = bilan_report_chart_permille(c, c->series[s].v[i]);
			if (t < 0)
				t = 0;
			num(out, cx * 10 + hex[i][0] * (r * 10 * t / 1000) / 1000);
			bilan_buf_puts(out, "\" cy=\"");
			num(out, cy * 10 + hex[i][1] * (r * 10 * t / 1000) / 1000);
			bilan_buf_printf(out, "\" fill=\"%s\"><title>", col);
			esc(out, c->labels[i]);
			bilan_buf_printf(out, " : %s</title></circle>",
					 bilan_report_chart_value(p, c, c->series[s].v[i]));
		}
	}
	/* labels at the vertices, with the latest percent */
	for (size_t i = 0; i < 6 && i < c->nlabels; i++) {
		long x = cx * 10 + hex[i][0] * (r + 16) / 100;
		long y = cy * 10 + hex[i][1] * (r + 16) / 100 + 40;
		const char *anchor = hex[i][0] > 0 ? "start" : hex[i][0] < 0 ? "end" : "middle";
		if (hex[i][1] < 0 && hex[i][0] == 0)
			y -= 190;
		if (hex[i][1] > 0 && hex[i][0] == 0)
			y += 60;
		if (hex[i][0] != 0)
			y -= 70;
		bilan_buf_puts(out, "<text x=\"");
		num(out, x);
		bilan_buf_puts(out, "\" y=\"");
		num(out, y);
		bilan_buf_printf(out, "\" class=\"lb\" text-anchor=\"%s\">", anchor);
		char *l = shorten(c->labels[i], 16);
		esc(out, l);
		free(l);
		if (c->keys && c->keys[i] && strlen(c->keys[i]) <= 2 && strcmp(c->keys[i], c->labels[i])) {
			bilan_buf_puts(out, " (");
			esc(out, c->keys[i]);
			bilan_buf_puts(out, ")");
		}
		if (c->nseries) {
			char p[24];
			bilan_buf_puts(out, "<tspan class=\"pc\" x=\"");
			num(out, x);
			bilan_buf_printf(out, "\" dy=\"15\">%s</tspan>",
					 bilan_report_chart_value(p, c, c->series[c->nseries - 1].v[i]));
		}
		bilan_buf_puts(out, "</text>");
	}
	legend(out, c, 600, (H - 10) * 10);
	bilan_buf_puts(out, "</svg>");
}

static void bars_svg(struct bilan_buf *out, const struct bilan_rchart *c)
{
	const long W = 690, L = 230, R = 60, T = 22;
	const long PW = W - L - R;
	size_t ns = c->nseries ? c->nseries : 1;
	long bh = ns > 1 ? 11 : 16, gap = 9;
	long rowh = bh * (long)ns + gap;
	long H = T + rowh * (long)c->nlabels + (c->nseries > 1 ? 30 : 8);
	svg_open(out, W, H, c->title);
	if (c->scale_max > c->scale_min && c->scale_max - c->scale_min <= 10) {
		/* a tick per point of the answer scale */
		for (int p = c->scale_min; p <= c->scale_max; p++) {
			long x = L + PW * (p - c->scale_min) / (c->scale_max - c->scale_min);
			bilan_buf_printf(out, "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" class=\"grid\"/>"
					 "<text x=\"%ld\" y=\"%ld\" class=\"ax\" text-anchor=\"middle\">%d</text>",
					 x, T - 4, x, T + rowh * (long)c->nlabels, x, T - 8, p);
		}
	} else {
		for (int p = 0; p <= 100; p += 25) {
			long x = L + PW * p / 100;
			char pct[16];
			bilan_buf_printf(out, "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" class=\"grid\"/>"
					 "<text x=\"%ld\" y=\"%ld\" class=\"ax\" text-anchor=\"middle\">%s</text>",
					 x, T - 4, x, T + rowh * (long)c->nlabels, x, T - 8,
					 bilan_report_percent(pct, p * 10));
		}
	}
	for (size_t i = 0; i < c->nlabels; i++) {
		long y0 = T + rowh * (long)i + gap / 2;
		char *l = shorten(c->labels[i], 30);
		bilan_buf_printf(out, "<text x=\"%ld\" y=\"%ld\" class=\"lb\" text-anchor=\"end\">",
				 L - 8, y0 + bh * (long)ns / 2 + 4);
		esc(out, l);
		bilan_buf_puts(out, "<title>");
		esc(out, c->labels[i]);
		bilan_buf_puts(out, "</title></text>");
		free(l);
		for (size_t s = 0; s < c->nseries; s++) {
			int v = c->series[s].v[i], pm = bilan_report_chart_permille(c, v);
			long y = y0 + bh * (long)s;
			long w = pm > 0 ? PW * 10 * pm / 1000 : 0;
			char p[24];
			bilan_buf_printf(out, "<rect x=\"%ld\" y=\"%ld\" width=\"", L, y);
			num(out, w);
			bilan_buf_printf(out, "\" height=\"%ld\" fill=\"%s\"><title>", bh - 2,
					 series_color(c, s));
			esc(out, c->series[s].name);
			bilan_buf_printf(out, " : %s</title></rect>", bilan_report_chart_value(p, c, v));
			bilan_buf_puts(out, "<text x=\"");
			num(out, L * 10 + w + 40);
			bilan_buf_printf(out, "\" y=\"%ld\" class=\"val\">%s</text>", y + bh - 3,
					 bilan_report_chart_value(p, c, v));
		}
	}
	legend(out, c, L * 10, (H - 8) * 10);
	bilan_buf_puts(out, "</svg>");
}

static void chart_data(struct bilan_buf *out, const struct bilan_rchart *c)
{
	/* every column named (no empty <th>); the goal met in words too */
	bilan_buf_printf(out, "<details><summary>Données</summary><div class=\"table\"><table><thead>"
			 "<tr><th scope=\"col\">%s</th>",
			 c->type == BILAN_CHART_WEEKS ? "Semaine" : "Dimension");
	if (c->type == BILAN_CHART_WEEKS) {
		bilan_buf_puts(out, "<th scope=\"col\" class=\"num\">Temps</th>");
		if (c->goal > 0)
			bilan_buf_puts(out, "<th scope=\"col\">Objectif</th>");
		bilan_buf_puts(out, "</tr></thead><tbody>");
		for (size_t i = 0; c->nseries && i < c->nlabels; i++) {
			char d[16];
			int v = c->series[0].v[i];
			if (v > 0)
				bilan_duration_human(d, sizeof(d), v, true);
			else
				snprintf(d, sizeof(d), "0h");
			bilan_buf_puts(out, "<tr><td>");
			esc(out, c->labels[i]);
			bilan_buf_printf(out, "</td><td class=\"num\">%s</td>", d);
			if (c->goal > 0)
				bilan_buf_puts(out, v >= c->goal ? "<td>✓ atteint</td>" : "<td>non atteint</td>");
			bilan_buf_puts(out, "</tr>");
		}
	} else {
		for (size_t s = 0; s < c->nseries; s++) {
			bilan_buf_puts(out, "<th scope=\"col\" class=\"num\">");
			esc(out, c->series[s].name);
			bilan_buf_puts(out, "</th>");
		}
		bilan_buf_puts(out, "</tr></thead><tbody>");
		for (size_t i = 0; i < c->nlabels; i++) {
			bilan_buf_puts(out, "<tr><td>");
			esc(out, c->labels[i]);
			bilan_buf_puts(out, "</td>");
			for (size_t s = 0; s < c->nseries; s++) {
				char p[24];
				bilan_buf_printf(out, "<td class=\"num\">%s</td>",
						 bilan_report_chart_value(p, c, c->series[s].v[i]));
			}
			bilan_buf_puts(out, "</tr>");
		}
	}
	bilan_buf_puts(out, "</tbody></table></div></details>");
}

static void chart_html(struct bilan_buf *out, const struct bilan_rchart *c)
{
	bilan_buf_printf(out, "<figure class=\"chart %s\">",
			 c->type == BILAN_CHART_WEEKS ? "weeks" : c->type == BILAN_CHART_RADAR
			 ? "radar" : "bars");
	switch (c->type) {
	case BILAN_CHART_WEEKS: weeks_svg(out, c); break;
	case BILAN_CHART_RADAR: radar_svg(out, c); break;
	case BILAN_CHART_BARS: bars_svg(out, c); break;
	}
	/* a <figcaption> is the first or the last child of its <figure> */
	chart_data(out, c);
	bilan_buf_puts(out, "<figcaption>");
	esc(out, c->title);
	bilan_buf_puts(out, "</figcaption>");
	bilan_buf_puts(out, "</figure>\n");
}

static void body_html(struct bilan_buf *out, const char *md)
{
	cmark_node *doc = bilan_report_md_parse(md, 3, false);
	/* never CMARK_OPT_UNSAFE: raw HTML becomes a comment, unsafe links go;
	 * a line break written in the journal stays one (HARDBREAKS) */
	char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT | CMARK_OPT_HARDBREAKS);
	bilan_buf_puts(out, "<div class=\"body\">");
	/* HTML, not XHTML: <br>, not cmark's <br /> (text never holds " />":
	 * cmark escapes its '>') */
	for (const char *p = html; *p;) {
		const char *x = strstr(p, " />");
		if (!x) {
			bilan_buf_puts(out, p);
			break;
		}
		bilan_buf_put(out, p, (size_t)(x - p));
		bilan_buf_putc(out, '>');
		p = x + 3;
	}
	bilan_buf_puts(out, "</div>");
	free(html);
	cmark_node_free(doc);
}

static const char css[] =
	":root{color-scheme:light}"
	"*{box-sizing:border-box}"
	"body{font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",\"DejaVu Sans\",sans-serif;"
	"color:#1d232a;background:#fff;max-width:52rem;margin:0 auto;padding:1.25rem 1rem 3rem}"
	"h1{font-size:1.7rem;line-height:1.25;margin:.2rem 0 .8rem;color:#16365f}"
	"h2{font-size:1.3rem;margin:2.2rem 0 .7rem;padding-bottom:.25rem;border-bottom:2px solid #d6e0ec;color:#16365f}"
	"h3{font-size:1.1rem;margin:1.5rem 0 .4rem}"
	"h4{font-size:1rem;margin:1.1rem 0 .3rem}"
	"h5,h6{font-size:.95rem;margin:.8rem 0 .3rem}"
	"p,ul,ol{margin:.45rem 0}"
	"ul{padding-left:1.3rem}"
	"li{margin:.15rem 0}"
	"a{color:#1f5596;overflow-wrap:anywhere}"
	"code{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:.9em;background:#f1f4f8;padding:0 .2em;border-radius:3px}"
	"pre{background:#f1f4f8;padding:.6rem;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}"
	"pre code{background:none;padding:0}"
	"blockquote{margin:.5rem 0;padding:.1rem .8rem;border-left:3px solid #c5cfdb;color:#3c4652}"
	"nav{font-size:.9rem;margin:.6rem 0 1rem;display:flex;flex-wrap:wrap;gap:.3rem .9rem}"
	".intro ul{list-style:none;padding:0}"
	".note{margin:.8rem 0;padding:.6rem .8rem;border-radius:6px;background:#eef3f9;border-left:4px solid #5b86b8}"
	".note.warning{background:#fdf0ec;border-left-color:#c0392b}"
	".note.private{background:#fbf6e3;border-left-color:#c59b1b}"
	".table{overflow-x:auto;margin:.6rem 0}"
	"table{border-collapse:collapse;width:100%;font-size:.92rem}"
	"th,td{border-bottom:1px solid #dfe5ec;padding:.3rem .45rem;text-align:left;vertical-align:top}"
	"th{background:#f4f7fa;font-weight:600}"
	"td.num,th.num{text-align:right;white-space:nowrap}"
	"figure{margin:1rem 0}"
	"figure svg{display:block;width:100%;max-width:40rem;height:auto}"
	"figure.radar svg{max-width:30rem}"
	"figcaption{font-size:.9rem;color:#4a5562;margin-top:.2rem}"
	"details{font-size:.9rem;margin-top:.3rem}"
	"summary{cursor:pointer;color:#4a5562}"
	"svg text{font-family:system-ui,\"DejaVu Sans\",sans-serif}"
	"svg .grid{stroke:#dfe5ec;stroke-width:1;fill:none}"
	"svg .ax{font-size:12px;fill:#5b6672}"
	"svg .lb{font-size:13px;fill:#1d232a}"
	"svg .lg{font-size:12px;fill:#1d232a}"
	"svg .val{font-size:12px;fill:#1d232a}"
	"figure.radar svg .lb{font-size:14px}"
	"svg .pc{font-weight:600;fill:#2b5f9e}"
	"svg .met{fill:#174d2a}"
	"svg .under{fill:#d0812d}"
	"svg .cur{stroke:#1d232a;stroke-width:2;stroke-dasharray:4 2}"
	"svg .mk{font-size:14px;font-weight:700;fill:#174d2a}"
	"svg .goal{stroke:#b03a2e;stroke-width:1.5;stroke-dasharray:6 4}"
	"svg .goal-l{fill:#b03a2e}"
	".entry{margin:1.1rem 0;padding-top:.6rem;border-top:1px solid #e4e9ef}"
	".entry h3{margin:.1rem 0 .1rem;font-size:1.05rem}"
	".entry .meta{font-size:.85rem;color:#5b6672;margin:0 0 .4rem}"
	".entry .body{overflow-wrap:anywhere}"
	".entry .body h4,.entry .body h5,.entry .body h6{font-size:.98rem}"
	".entry .body img{max-width:100%}"
	"footer{margin-top:2.5rem;font-size:.85rem;color:#5b6672;border-top:1px solid #e4e9ef;padding-top:.5rem}"
	"@media (max-width:40rem){body{font-size:15px;padding:.8rem .7rem 2rem}h1{font-size:1.4rem}"
	"h2{font-size:1.15rem}th,td{padding:.25rem .3rem}"
	"figure{overflow-x:auto}figure svg{min-width:30rem}figure.radar svg{min-width:21rem}}"
	"@page{size:A4;margin:14mm 13mm}"
	"@media print{body{max-width:none;padding:0;font-size:10.5pt}nav,details{display:none}"
	"section.page{break-before:page}h1,h2,h3,h4{break-after:avoid}"
	"figure,tr,li,.note,.entry h3,.entry .meta{break-inside:avoid}"
	"a{color:inherit;text-decoration:none}"
	"figure svg{max-width:16cm}figure.radar svg{max-width:11cm}"
	".note{border:1px solid #c5cfdb}}";

void bilan_html_head(struct bilan_buf *out, const char *lang, const char *title,
		     const char *style)
{
	bilan_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
	esc(out, lang);
	bilan_buf_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		       "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
		       "<meta name=\"referrer\" content=\"no-referrer\">\n"
		       "<meta name=\"generator\" content=\"bilan " BILAN_VERSION "\">\n<title>");
	/* a title a tab or a search result shows whole: 70 characters at most */
	char *t = shorten(title, 69);
	esc(out, t);
	free(t);
	bilan_buf_puts(out, "</title>\n<style>");
	bilan_buf_puts(out, style);
	bilan_buf_puts(out, "</style>\n</head>\n<body>\n");
}

void bilan_report_html(struct bilan_buf *out, struct bilan_report *r)
{
	bilan_report_layout(r);
	const struct bilan_rdoc *d = &r->doc;
	const char *name = r->ws->cfg.name;
	{
		struct bilan_buf t = BILAN_BUF_INIT;
		bilan_buf_puts(&t, d->title ? d->title : "");
		if (name && *name) {
			bilan_buf_puts(&t, " — ");
			bilan_buf_puts(&t, name);
		}
		bilan_html_head(out, "fr", bilan_buf_cstr(&t), css);
		bilan_buf_clear(&t);
	}
	bilan_buf_puts(out, "<header>\n<h1>");
	esc(out, d->title ? d->title : "");
	bilan_buf_puts(out, "</h1>\n");
	/* a table of contents (hidden when printed) */
	size_t nsec = 0;
	for (size_t i = 0; i < d->n; i++)
		nsec += d->v[i].type == BILAN_RB_SECTION;
	if (nsec > 2) {
		bilan_buf_puts(out, "<nav aria-label=\"Sommaire\">");
		for (size_t i = 0; i < d->n; i++) {
			if (d->v[i].type != BILAN_RB_SECTION)
				continue;
			bilan_buf_puts(out, "<a href=\"#");
			esc(out, d->v[i].id);
			bilan_buf_puts(out, "\">");
			rtext(out, &d->v[i].text);
			bilan_buf_puts(out, "</a>");
		}
		bilan_buf_puts(out, "</nav>\n");
	}
	bilan_buf_puts(out, "</header>\n<main>\n<div class=\"intro\">\n");
	bool in_section = false;
	int lv;
	for (size_t i = 0; i < d->n; i++) {
		const struct bilan_rblock *b = &d->v[i];
		switch (b->type) {
		case BILAN_RB_SECTION:
			bilan_buf_puts(out, in_section ? "</section>\n" : "</div>\n");
			bilan_buf_puts(out, "<section id=\"");
			esc(out, b->id);
			bilan_buf_printf(out, "\"%s>\n<h2>", b->page ? " class=\"page\"" : "");
			rtext(out, &b->text);
			bilan_buf_puts(out, "</h2>\n");
			in_section = true;
			break;
		case BILAN_RB_HEADING:
			bilan_buf_printf(out, "<h%d>", b->level >= 4 ? 4 : 3);
			rtext(out, &b->text);
			bilan_buf_printf(out, "</h%d>\n", b->level >= 4 ? 4 : 3);
			break;
		case BILAN_RB_PARA:
			bilan_buf_puts(out, "<p>");
			rtext(out, &b->text);
			bilan_buf_puts(out, "</p>\n");
			break;
		case BILAN_RB_NOTE:
			bilan_buf_puts(out, "<aside class=\"note ");
			esc(out, b->note_class ? b->note_class : "info");
			bilan_buf_puts(out, "\" role=\"note\"><p>");
			rtext(out, &b->text);
			bilan_buf_puts(out, "</p></aside>\n");
			break;
		case BILAN_RB_LIST:
			bilan_buf_puts(out, "<ul>\n");
			for (size_t k = 0; k < b->nitems; k++) {
				bilan_buf_puts(out, "<li>");
				rtext(out, &b->items[k]);
				bilan_buf_puts(out, "</li>\n");
			}
			bilan_buf_puts(out, "</ul>\n");
			break;
		case BILAN_RB_TABLE:
			bilan_buf_puts(out, "<div class=\"table\"><table>\n<thead><tr>");
			for (size_t rr = 0; rr < b->nrows; rr++) {
				if (rr == 1)
					bilan_buf_puts(out, "<tbody>\n");
				if (rr)
					bilan_buf_puts(out, "<tr>");
				for (size_t c = 0; c < b->ncols; c++) {
					const char *tag = rr ? "td" : "th";
					bilan_buf_printf(out, "<%s%s>", tag,
							 b->right & (1u << c) ? " class=\"num\"" : "");
					esc(out, b->cells[rr * b->ncols + c]);
					bilan_buf_printf(out, "</%s>", tag);
				}
				bilan_buf_puts(out, rr ? "</tr>\n" : "</tr></thead>\n");
			}
			bilan_buf_puts(out, b->nrows > 1 ? "</tbody></table></div>\n" : "</table></div>\n");
			break;
		case BILAN_RB_CHART:
			chart_html(out, b->chart);
			break;
		case BILAN_RB_ENTRY:
			lv = b->level >= 1 && b->level <= 6 ? b->level : 3;
			bilan_buf_printf(out, "<article class=\"entry\"><h%d>", lv);
			rtext(out, &b->text);
			bilan_buf_printf(out, "</h%d><p class=\"meta\">", lv);
			rtext(out, &b->meta);
			bilan_buf_puts(out, "</p>");
			if (b->md)
				body_html(out, b->md);
			bilan_buf_puts(out, "</article>\n");
			break;
		}
	}
	bilan_buf_puts(out, in_section ? "</section>\n" : "</div>\n");
	char when[32];
	struct bilan_time now = { r->now, 0, true };
	bilan_buf_printf(out, "</main>\n<footer>Établi par bilan " BILAN_VERSION " le %s.",
			 bilan_report_when(when, &now));
	if (r->rome_shown) {
		bilan_buf_putc(out, ' ');
		esc(out, BILAN_ROME_SOURCE);
		bilan_buf_putc(out, '.');
	}
	bilan_buf_puts(out, "</footer>\n</body>\n</html>\n");
}
