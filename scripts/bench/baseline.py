#!/usr/bin/env python3
"""The benchmark's baseline: what a team would write in an afternoon instead of profilec.

PyYAML with libyaml's CLoader reads the source, a few lines map the document onto a
configuration profile, and plistlib writes it: no validation, no diagnostics, no
interpolation, no sugar beyond `restrictions:`.

  baseline.py FILE -o OUT      one source to OUT
  baseline.py DIR...           every *.profile.yaml below each DIR, NAME.mobileconfig beside it
  baseline.py --plistlib FILE...   W2: only parse existing .mobileconfig files with plistlib
"""
import os
import plistlib
import sys
import uuid

import yaml

try:
  from yaml import CLoader as Loader
except ImportError:  # the benchmark refuses to run without libyaml (bench.py checks)
  sys.exit("baseline.py: PyYAML was built without libyaml (no yaml.CLoader)")


def payload_uuid(identifier):
  return str(uuid.uuid5(uuid.NAMESPACE_DNS, identifier)).upper()


def to_profile(doc):
  prof = doc["profile"]
  ident = prof["identifier"]
  content = []
  seen = {}

  def add(ptype, suffix, body):
    n = seen.get(suffix, 0) + 1
    seen[suffix] = n
    pid = f"{ident}.{suffix}" + (f".{n}" if n > 1 else "")
    p = {"PayloadType": ptype, "PayloadIdentifier": pid, "PayloadUUID": payload_uuid(pid),
         "PayloadVersion": 1}
    if "organization" in prof:
      p["PayloadOrganization"] = prof["organization"]
    p.update(body)
    content.append(p)

  if "restrictions" in doc:
    add("com.apple.applicationaccess", "applicationaccess", doc["restrictions"])
  for entry in doc.get("payloads") or []:
    entry = dict(entry)
    ptype = entry.pop("type")
    suffix = entry.pop("id", ptype[len("com.apple."):] if ptype.startswith("com.apple.") else ptype)
    meta = {"name": "PayloadDisplayName", "description": "PayloadDescription",
            "organization": "PayloadOrganization", "uuid": "PayloadUUID",
            "version": "PayloadVersion"}
    body = {}
    for k, v in entry.items():
      body[meta.get(k, k)] = v
    add(ptype, suffix, body)
  top = {"PayloadType": "Configuration", "PayloadVersion": 1, "PayloadIdentifier": ident,
         "PayloadUUID": prof.get("uuid") or payload_uuid(ident),
         "PayloadDisplayName": prof["name"], "PayloadContent": content}
  for k, plist_key in (("description", "PayloadDescription"),
                       ("organization", "PayloadOrganization")):
    if k in prof:
      top[plist_key] = prof[k]
  return top


def compile_one(src, out):
  with open(src, "rb") as f:
    doc = yaml.load(f, Loader=Loader)
  data = plistlib.dumps(to_profile(doc), fmt=plistlib.FMT_XML, sort_keys=True)
  with open(out, "wb") as f:
    f.write(data)


def sources(root):
  for dirpath, _, files in os.walk(root):
    for name in sorted(files):
      if name.endswith(".profile.yaml"):
        yield os.path.join(dirpath, name)


def main(argv):
  if len(argv) >= 2 and argv[1] == "--plistlib":
    parsed = 0
    for path in argv[2:]:
      with open(path, "rb") as f:
        data = f.read()
      try:
        plistlib.loads(data)
        parsed += 1
      except Exception:
        pass  # signed (CMS) profiles: plistlib cannot read them
    return 0 if parsed else 1
  if len(argv) == 4 and argv[2] == "-o":
    compile_one(argv[1], argv[3])
    return 0
  for root in argv[1:]:
    for src in sources(root):
      compile_one(src, src[: -len(".profile.yaml")] + ".mobileconfig")
  return 0


if __name__ == "__main__":
  sys.exit(main(sys.argv))
