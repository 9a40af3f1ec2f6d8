#!/usr/bin/env python3
"""Check what bilan printed in French (tests/demo-fr.sh).

usage: demo-fr-check.py WORDS OUTDIR
OUTDIR holds one file per command run: NAME.out (stdout and stderr), and
NAME.kind naming what it is: text, table:N (a list of N aligned columns,
rows from the first line), table:N:REGEX (rows are the lines matching
REGEX), markdown, html, json (only the agreement check).
Prints one line per fault and the closing line; exits 1 on a fault."""
import os, re, sys, unicodedata

RAW = ['a-explorer', 'en-exploration', 'validee', 'ecartee', 'en-attente',
       'a-contacter', 'contactee', 'planifiee', 'realisee', 'abandonnee',
       'infirme', 'prevue', 'annulee', 'preliminaire', 'terminee', 'reflexion',
       'securite', 'equilibre', 'creativite', 'remuneration', 'responsabilite',
       'reglee', 'a-faire']
AGREE = re.compile(r'[a-zé]\((e|s|es|x)\)')

def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in 'WF' else 1
    return w

def strip_sgr(s):
    return re.sub(r'\x1b\[[0-9;]*[A-Za-z]', '', s)

def usage_line(l):
    # usage and option lines show what is typed: stored values and English
    # option names are right there
    return bool(re.match(r'\s*(usage|astuce)\s?:|\s+-{1,2}[a-z]|\s+bilan [a-z]|  [a-z][a-z-]* {2,}\S', l)) or \
        'valeurs possibles' in l or '--' in l or re.search(r'\[[^\]]*\|[^\]]*\]', l)

def main():
    words_file, outdir = sys.argv[1:3]
    words = [w.strip() for w in open(words_file, encoding='utf-8')
             if w.strip() and not w.startswith('#')]
    faults = []
    runs = 0
    for name in sorted(os.listdir(outdir)):
        if not name.endswith('.out'):
            continue
        base = name[:-4]
        runs += 1
        kind = open(os.path.join(outdir, base + '.kind')).read().strip()
        text = open(os.path.join(outdir, name), encoding='utf-8', errors='replace').read()
        text = strip_sgr(text)
        def fault(what, line):
            faults.append(f'{base}: {what}: {line.strip()[:160]}')
        for line in text.split('\n'):
            if AGREE.search(line):
                fault('agreement spelt (e)/(s)', line)
        if kind == 'json':
            continue
        body = text
        if kind == 'html':
            body = re.sub(r'(?is)<(style|script)\b.*?</\1>', '', body)
            body = re.sub(r'(?s)<[^>]*>', ' ', body)
            body = body.replace('&nbsp;', '\u00a0').replace('&#160;', '\u00a0')
        if kind == 'markdown':
            body = re.sub(r'`[^`\n]*`', '', body)
        for line in body.split('\n'):
            if re.search(r' [:;!?»]', line) or re.search(r'« ', line):
                if not re.search(r'\| ---:? \|', line) or re.search(r' [;!?»]|« ', line):
                    fault('a breakable space before : ; ! ? » or after «', line)
            # one way to write a percent (bilan_report_percent): "25 %",
            # "44,4 %", a no-break space, a decimal comma, no ",0"
            for m in re.finditer(r'(\d[\d.,]*)([ \u00a0\u202f]?)%', line):
                if m.group(2) != '\u00a0' or '.' in m.group(1) or m.group(1).endswith(',0'):
                    fault('a percent not written "25\u00a0%" or "44,4\u00a0%"', line)
            if usage_line(line):
                continue
            for r in RAW:
                if re.search(r'(?<![\w/-])' + re.escape(r) + r'(?![\w/-])', line):
                    fault(f'raw stored value "{r}"', line)
            for w in words:
                pat = r'(?<![\w-])' + re.escape(w) + (r'(?![\w-])' if w[-1].isalnum() else '')
                if re.search(pat, line):
                    fault(f'English "{w}"', line)
        if kind.startswith('table:'):
            parts = kind.split(':', 2)
            n = int(parts[1])
            rows = [l for l in text.split('\n') if l.strip()]
            if len(parts) > 2:
                rows = [l for l in rows if re.search(parts[2], l)]
            check_columns(base, rows, n, faults)
    for f in faults:
        print('FAIL:', f)
    print(f'# {runs} outputs checked')
    print(f'{0 if faults else 1} passed, {1 if faults else 0} failed')
    return 1 if faults else 0

def check_columns(base, rows, n, faults):
    """N aligned columns, two spaces apart: at least N-1 runs of two or more
    columns that are blank on every row (left of the last column)."""
    if len(rows) < 2:
        return
    cells = []
    for l in rows:
        cols = []
        for ch in l:
            w = width(ch)
            cols.extend([ch] * max(w, 1) if w else [])
        cells.append(cols)
    longest = max(len(c) for c in cells)
    blank = []
    for x in range(longest):
        blank.append(all(x >= len(c) or c[x] == ' ' for c in cells))
    # only the part before the last column of the shortest row matters
    shortest = min(len(c) for c in cells)
    runs, cur = 0, 0
    for x in range(shortest):
        if blank[x]:
            cur += 1
        else:
            if cur >= 2:
                runs += 1
            cur = 0
    if runs < n - 1:
        faults.append(f'{base}: columns not aligned ({runs + 1} of {n} columns line up):\n    ' +
                      '\n    '.join(r[:120] for r in rows[:6]))

if __name__ == '__main__':
    sys.exit(main())
