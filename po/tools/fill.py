#!/usr/bin/env python3
"""Fill a PO file from a POT and a translation table (a Python dict file).

usage: fill.py POT TABLE.py OUT.po
TABLE.py defines T = {msgid: msgstr or [singular, plural]}.
Untranslated msgids are listed on stderr and the script exits 1."""
import re, sys

def parse_pot(path):
    entries, cur, key = [], None, None
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line.startswith('msgid '):
            cur = {'msgid': '', 'plural': None}
            entries.append(cur); key = 'msgid'
            cur[key] = eval(line[6:])
        elif line.startswith('msgid_plural '):
            key = 'plural'; cur[key] = eval(line[13:])
        elif line.startswith('msgstr'):
            key = None
        elif line.startswith('"') and key:
            cur[key] += eval(line)
    return [e for e in entries if e['msgid']]

def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\t', '\\t') + '"'

pot, table, out = sys.argv[1:4]
ns = {}
exec(open(table, encoding='utf-8').read(), ns)
T = ns['T']
missing = []
with open(out, 'w', encoding='utf-8') as f:
    f.write('msgid ""\nmsgstr ""\n"Project-Id-Version: bilan\\n"\n"PO-Revision-Date: 2026-11-27 00:00+0100\\n"\n"Last-Translator: bilan\\n"\n"Language-Team: French\\n"\n"Language: fr\\n"\n'
            '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
    for e in parse_pot(pot):
        tr = T.get(e['msgid'])
        if tr is None and e['msgid'].startswith('bilan ') and e['plural'] is None:
            tr = e['msgid']   # usage lines: command syntax stays as typed
        if tr is None:
            missing.append(e['msgid']); continue
        f.write('msgid ' + q(e['msgid']) + '\n')
        if e['plural'] is not None:
            if isinstance(tr, str): tr = [tr, tr]
            f.write('msgid_plural ' + q(e['plural']) + '\n')
            f.write('msgstr[0] ' + q(tr[0]) + '\nmsgstr[1] ' + q(tr[1]) + '\n\n')
        else:
            f.write('msgstr ' + q(tr) + '\n\n')
for m in missing:
    print('untranslated:', repr(m), file=sys.stderr)
sys.exit(1 if missing else 0)
