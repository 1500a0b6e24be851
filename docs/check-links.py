#!/usr/bin/env python3
"""Checks every relative link and image in the repository's Markdown files: the file exists, and a #anchor names a
heading of the linked Markdown file. usage: python3 docs/check-links.py   (exit status 1 if any link is broken)"""
import re, os, sys, glob
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
def anchors(path):
    out=set()
    for line in open(path, encoding='utf-8'):
        m=re.match(r'^(#+)\s+(.*)', line)
        if m:
            t=m.group(2).strip().lower()
            t=re.sub(r'[^\w\- ]','',t).replace(' ','-')
            out.add(t)
    return out
bad=0
files=[f for f in glob.glob('**/*.md', recursive=True) if not f.startswith('target/') and not f.startswith('update-site/site')]
for f in files:
    text=open(f, encoding='utf-8').read()
    text=re.sub(r'```.*?```','',text,flags=re.S)
    for m in re.finditer(r'!?\[[^\]]*\]\(([^)\s]+)\)', text):
        url=m.group(1)
        if re.match(r'^[a-z]+://|^mailto:', url): continue
        path, _, frag = url.partition('#')
        target=os.path.normpath(os.path.join(os.path.dirname(f), path)) if path else f
        if not os.path.exists(target):
            print(f"{f}: missing {url}"); bad+=1; continue
        if frag and target.endswith('.md') and frag not in anchors(target):
            print(f"{f}: missing anchor {url}"); bad+=1
print(len(files),"files checked,",bad,"bad links")
sys.exit(1 if bad else 0)
