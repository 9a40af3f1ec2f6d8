/* report-render.c - a built report in its format: Markdown and HTML (with
 * the names and the French typography of lib/text.h) or JSON (see
 * report.h).  The one caller of the three renderers, so that report.c,
 * which builds the report they render, calls none of them. */
#include "report.h"

#include "text.h"

int bilan_report_render(struct bilan_buf *out, struct bilan_report *r,
			enum bilan_report_format format, struct bilan_error *err)
{
	size_t from = out->len;
	switch (format) {
	case BILAN_REPORT_MD:
		bilan_report_markdown(out, r);
		/* reports are French: names for the generic nouns, and its
		 * typography (lib/text.h) */
		bilan_text_fr_names(out, from, r->ws->cfg.consultant, r->ws->cfg.name);
		bilan_text_fr_typo_buf(out, from, BILAN_TYPO_MARKDOWN);
		return 0;
	case BILAN_REPORT_HTML:
		bilan_report_html(out, r);
		bilan_text_fr_names(out, from, r->ws->cfg.consultant, r->ws->cfg.name);
		bilan_text_fr_typo_buf(out, from, BILAN_TYPO_HTML);
		return 0;
	case BILAN_REPORT_JSON:
		return bilan_report_json(out, r, err);
	}
	return bilan_error_set(err, BILAN_EUSAGE, "internal: unknown report format");
}
