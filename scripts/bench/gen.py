#!/usr/bin/env python3
"""Generates the benchmark inputs (scripts/bench.sh): never written into the repository.

  gen.py typical FILE          W1: one typical source (restrictions, web clip, passcode, Wi-Fi)
  gen.py many DIR [COUNT]      W3: COUNT (1,000) varied sources, each compiling without errors
  gen.py large FILE [ITEMS]    W4: one source with a web content filter of ITEMS (150,000) URLs

Everything is deterministic: the same command writes the same bytes.
"""
import os
import random
import sys

TYPICAL = """\
# A typical profile: restrictions, the Company Portal web clip, a passcode policy, Wi-Fi.
profile:
  identifier: com.contoso.typical
  name: Contoso Typical
  description: Restrictions, Company Portal web clip, passcode and Wi-Fi
  organization: Contoso Ltd
enrollment:
  type: device
  platform: iOS
  min-os: "16.0"
restrictions:
  allowCamera: true
  allowScreenShot: false
  allowCloudBackup: false
  allowAssistant: true
  forceEncryptedBackup: true
  allowInAppPurchases: false
  ratingRegion: us
  ratingApps: 1000
payloads:
  - type: com.apple.webClip.managed
    id: company-portal
    name: Company Portal
    URL: https://portal.manage.microsoft.com/
    Label: Company Portal
    IsRemovable: false
    FullScreen: true
  - type: com.apple.mobiledevice.passwordpolicy
    name: Passcode
    allowSimple: false
    forcePIN: true
    requireAlphanumeric: true
    minLength: 8
    minComplexChars: 1
    maxFailedAttempts: 10
    maxInactivity: 5
    maxPINAgeInDays: 90
    pinHistory: 5
  - type: com.apple.wifi.managed
    name: Corporate Wi-Fi
    SSID_STR: Contoso-Corp
    HIDDEN_NETWORK: false
    AutoJoin: true
    EncryptionType: WPA2
    ProxyType: None
    EAPClientConfiguration:
      AcceptEAPTypes: [25]
      UserName: wifi-user@contoso.com
      TLSTrustedServerNames:
        - radius.contoso.com
        - radius2.contoso.com
"""


def restrictions(r):
  keys = ["allowCamera", "allowScreenShot", "allowCloudBackup", "allowAssistant",
          "forceEncryptedBackup", "allowInAppPurchases", "allowPassbookWhileLocked",
          "allowAssistantWhileLocked", "allowOpenFromManagedToUnmanaged", "forceLimitAdTracking",
          "allowDiagnosticSubmission", "safariAllowPopups"]
  lines = ["restrictions:"]
  for k in r.sample(keys, r.randint(3, len(keys))):
    lines.append(f"  {k}: {'true' if r.random() < 0.5 else 'false'}")
  lines.append(f"  ratingApps: {r.choice([100, 200, 300, 600, 1000])}")
  return lines


def web_clip(r, i, n):
  return [
    "  - type: com.apple.webClip.managed",
    f"    id: clip-{n}",
    f"    name: Intranet {i}-{n}",
    f"    URL: https://intranet{i}.contoso.com/app/{n}",
    f"    Label: \"Intranet {n}\"",
    f"    IsRemovable: {'true' if r.random() < 0.5 else 'false'}",
    f"    FullScreen: {'true' if r.random() < 0.5 else 'false'}",
  ]


def passcode(r, i, n):
  return [
    "  - type: com.apple.mobiledevice.passwordpolicy",
    "    name: Passcode",
    "    allowSimple: false",
    "    forcePIN: true",
    f"    requireAlphanumeric: {'true' if r.random() < 0.5 else 'false'}",
    f"    minLength: {r.randint(4, 16)}",
    f"    maxFailedAttempts: {r.randint(2, 11)}",
    f"    maxInactivity: {r.randint(1, 15)}",
    f"    maxPINAgeInDays: {r.randint(1, 730)}",
    f"    pinHistory: {r.randint(1, 50)}",
  ]


def wifi(r, i, n):
  lines = [
    "  - type: com.apple.wifi.managed",
    f"    id: wifi-{n}",
    f"    name: 'Wi-Fi {n}'",
    f"    SSID_STR: Contoso-{i}-{n}",
    "    HIDDEN_NETWORK: false",
    "    AutoJoin: true",
    f"    EncryptionType: {r.choice(['WPA2', 'WPA3', 'Any'])}",
    "    ProxyType: None",
  ]
  if r.random() < 0.5:
    lines += [
      "    EAPClientConfiguration:",
      f"      AcceptEAPTypes: [{r.choice(['13', '25', '21'])}]",
      f"      UserName: user{i}@contoso.com",
      "      TLSTrustedServerNames:",
      f"        - radius{i}.contoso.com",
      f"        - radius{i}-b.contoso.com",
    ]
  return lines


def dns(r, i, n):
  return [
    "  - type: com.apple.dnsSettings.managed",
    f"    id: dns-{n}",
    "    name: Encrypted DNS",
    "    DNSSettings:",
    "      DNSProtocol: HTTPS",
    f"      ServerURL: https://dns{i}.contoso.com/dns-query",
    "      ServerAddresses:",
    f"        - 10.{i % 250}.0.1",
    f"        - 10.{i % 250}.0.2",
    "    OnDemandRules:",
    "      - Action: Connect",
    "        InterfaceTypeMatch: WiFi",
    "      - Action: EvaluateConnection",
    "        ActionParameters:",
    "          - DomainAction: NeverConnect",
    "            Domains: [captive.contoso.com, login.contoso.com]",
  ]


def many_source(i):
  r = random.Random(i)
  lines = [
    f"# Generated benchmark source {i}.",
    "profile:",
    f"  identifier: com.contoso.bench{i}",
    f"  name: \"Bench profile {i}\"",
    "  organization: Contoso Ltd",
  ]
  if r.random() < 0.5:
    lines.append(f"  description: >\n    Generated profile number {i}, folded\n    over two lines.")
  lines += ["enrollment:", "  type: device", "  platform: iOS", "  min-os: \"16.0\""]
  if r.random() < 0.6:
    lines += restrictions(r)
  lines.append("payloads:")
  makers = [web_clip, wifi, dns]
  count = r.randint(1, 4)
  for n in range(count):
    lines += r.choice(makers)(r, i, n)
  if r.random() < 0.5:
    lines += passcode(r, i, count)
  return "\n".join(lines) + "\n"


def large_source(items):
  out = [
    "# Generated benchmark source: one web content filter with a long deny list.",
    "profile:",
    "  identifier: com.contoso.large",
    "  name: Large deny list",
    "enrollment:",
    "  type: device",
    "  platform: iOS",
    "  min-os: \"16.0\"",
    "payloads:",
    "  - type: com.apple.webcontent-filter",
    "    name: Deny list",
    "    FilterType: BuiltIn",
    "    AutoFilterEnabled: false",
    "    DenyListURLs:",
  ]
  for k in range(items):
    out.append(f"      - https://blocked-{k:06d}.example.com/page?id={k * 7919 % 100000:05d}")
  return "\n".join(out) + "\n"


def main(argv):
  if len(argv) < 3:
    sys.exit(__doc__)
  what, target = argv[1], argv[2]
  if what == "typical":
    with open(target, "w") as f:
      f.write(TYPICAL)
  elif what == "many":
    count = int(argv[3]) if len(argv) > 3 else 1000
    for i in range(count):
      sub = os.path.join(target, f"team{i % 10}")
      os.makedirs(sub, exist_ok=True)
      with open(os.path.join(sub, f"bench{i:04d}.profile.yaml"), "w") as f:
        f.write(many_source(i))
  elif what == "large":
    items = int(argv[3]) if len(argv) > 3 else 150_000
    with open(target, "w") as f:
      f.write(large_source(items))
  else:
    sys.exit(__doc__)


if __name__ == "__main__":
  main(sys.argv)
