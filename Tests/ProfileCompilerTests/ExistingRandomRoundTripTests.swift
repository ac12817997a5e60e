import Diagnostics
import Foundation
import ProfileCompiler
import PropertyList
import Testing

/// Random profiles written by Python's plistlib (seeded, so every run sees the same ones)
/// import to sources that compile back to equal profiles. The importer checks the round
/// trip itself and reports a failure as an error, so "no errors" is the property.
@Suite struct ExistingRandomRoundTripTests {
  static let generator = """
    import plistlib, random, sys, datetime, json
    rnd = random.Random(int(sys.argv[1]))
    ALPHABET = list("abcXYZ019 :#-?[]{},&*!|>'\\"%@`\\\\/.=+\\t\\n") + ["é", "日", "😀", "\\u00a0", "\\u2028"]
    WORDS = ["true", "false", "yes", "No", "null", "~", "1", "-2", "0x1F", "1.5", "1e5", ".inf",
             "2027-01-31T00:00:00Z", "- x", "a: b", "#c", "", " ", "\\n", "key:", "|", ">"]
    def text():
        if rnd.random() < 0.3: return rnd.choice(WORDS)
        return "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 24)))
    def key():
        k = text()
        return k if k not in ("type", "id", "identifier", "uuid", "name", "description",
                              "organization", "version", "enabled") and not k.startswith("Payload") else "k" + k
    def value(depth):
        r = rnd.random()
        if depth < 4 and r < 0.15:
            return {key(): value(depth + 1) for _ in range(rnd.randint(0, 4))}
        if depth < 4 and r < 0.3:
            return [value(depth + 1) for _ in range(rnd.randint(0, 4))]
        r = rnd.random()
        if r < 0.45: return text()
        if r < 0.6: return rnd.randint(-2**63, 2**63 - 1) if rnd.random() < 0.2 else rnd.randint(-100, 100)
        if r < 0.7: return rnd.choice([0.5, -0.0, 1e300, 2.5e-10, rnd.uniform(-1e6, 1e6)])
        if r < 0.8: return rnd.random() < 0.5
        if r < 0.9: return datetime.datetime(rnd.randint(1990, 2060), rnd.randint(1, 12), rnd.randint(1, 28),
                                             rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59))
        return bytes(rnd.randint(0, 255) for _ in range(rnd.choice([0, 3, 40, 200])))
    def clean(v):
        # No '${env:' (a source interpolates it) and no dictionary that reads back as data.
        if isinstance(v, str): return v.replace("${env:", "$ {env:")
        if isinstance(v, list): return [clean(x) for x in v]
        if isinstance(v, dict):
            d = {clean(k): clean(x) for k, x in v.items()}
            if len(d) == 1 and list(d)[0] in ("base64", "file"): d["other"] = 1
            return d
        return v
    out = []
    for n in range(int(sys.argv[2])):
        payloads = []
        used = set()
        for i in range(rnd.randint(0, 4)):
            p = {key(): value(1) for _ in range(rnd.randint(0, 6))}
            t = "com.example.random%d" % rnd.randint(0, 1)
            # Derived-looking identifiers (numbered or not), suffixes, and foreign ones.
            ident = rnd.choice(["com.contoso.r." + t, "com.contoso.r.%s.2" % t, "com.contoso.r.x",
                                "com.contoso.r.x.2", "other.%d" % i, "com.contoso.r.y%d" % i])
            if ident in used: ident = "unique.%d" % i
            used.add(ident)
            p.update({"PayloadType": t, "PayloadVersion": 1, "PayloadIdentifier": ident,
                      "PayloadUUID": rnd.choice(["%08X-0000-4000-8000-%012X" % (n, i), "uuid-%d-%d" % (n, i)])})
            if rnd.random() < 0.3: p["PayloadDisplayName"] = text()
            if rnd.random() < 0.3: p["PayloadOrganization"] = rnd.choice(["Contoso", text()])
            if rnd.random() < 0.2: p["PayloadEnabled"] = rnd.random() < 0.5
            payloads.append(clean(p))
        top = {"PayloadType": "Configuration", "PayloadVersion": 1, "PayloadIdentifier": "com.contoso.r",
               "PayloadUUID": "%08X-1111-4000-8000-000000000000" % n, "PayloadDisplayName": clean(text()) or "x",
               "PayloadContent": payloads}
        if rnd.random() < 0.5: top["PayloadOrganization"] = "Contoso"
        if rnd.random() < 0.3: top["PayloadDescription"] = clean(text())
        out.append(plistlib.dumps(top, sort_keys=rnd.random() < 0.5).decode())
    print(json.dumps(out))
    """

  @Test(.enabled(if: Existing.python3 != nil)) func randomProfilesRoundTrip() throws {
    let (status, out, err) = try Existing.run(
      Existing.python3!, ["-c", Self.generator, "20251129", "120"])
    #expect(status == 0, "\(err)")
    let profiles = try JSONDecoder().decode([String].self, from: out)
    #expect(profiles.count == 120)
    for (i, text) in profiles.enumerated() {
      let lintErrors = Existing.lint(text).diagnostics.filter { $0.severity == .error }.map(
        \.message)
      #expect(lintErrors.isEmpty, "profile \(i): \(lintErrors)")
      let imported = Existing.importText(text)
      let errors = imported.diagnostics.filter { $0.severity == .error }
      #expect(errors.isEmpty, "profile \(i): \(errors.map(\.message))\n\(imported.source ?? "")")
      if !errors.isEmpty { break }
    }
  }
}
