import Diagnostics
import Foundation
import ProfileSchemas
import Testing

@testable import ProfileCompiler

/// The exported JSON Schema is checked with python's jsonschema (an independent
/// implementation): it is itself valid, every shipped source passes it under both PyYAML
/// loaders, and what profilec rejects structurally it rejects too.
@Suite struct JSONSchemaExportTests {
  static let schema = JSONSchemaExport.render(.embedded)

  /// Runs `script` with the schema in `schema.json` and the sources given in `argv`.
  func python(_ script: String, _ args: [String] = []) throws -> (Int32, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("profilec-jsonschema-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let schemaURL = dir.appendingPathComponent("schema.json")
    try Data(Self.schema.utf8).write(to: schemaURL)
    let prelude = """
      import json, sys, yaml, jsonschema
      schema = json.load(open(\(JSONText.quote(schemaURL.path))))
      V = jsonschema.validators.validator_for(schema)
      v = V(schema, format_checker=V.FORMAT_CHECKER)
      def errors(doc): return sorted(e.message for e in v.iter_errors(doc))

      """
    return try ToolsFixtures.python(prelude + script, stdin: try JSONSerialization.data(withJSONObject: args))
  }

  @Test func isAValidDraft7Schema() throws {
    let (status, out) = try python("V.check_schema(schema); print(V.__name__)")
    #expect(status == 0)
    #expect(out.hasPrefix("Draft7Validator"))
  }

  @Test func isDeterministic() {
    #expect(JSONSchemaExport.render(.embedded) == Self.schema)
    #expect(JSONSchemaExport.render(SchemaSet.embedded).hasPrefix("{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\""))
  }

  @Test func everySourceValidatesUnderBothLoaders() throws {
    let sources = ToolsFixtures.formatInputs + ToolsFixtures.samples
    #expect(!sources.isEmpty)
    let (status, out) = try python(
      """
      bad = []
      for path in json.load(sys.stdin):
          for loader in (yaml.SafeLoader, yaml.BaseLoader):
              doc = yaml.load(open(path, encoding='utf-8-sig'), Loader=loader)
              for e in errors(doc): bad.append(f"{path} ({loader.__name__}): {e}")
      print('\\n'.join(bad))
      """, sources)
    #expect(status == 0)
    #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "")
  }

  @Test(arguments: [
    // (YAML document, a phrase every error list must contain; "" = valid)
    ("profile: {identifier: com.contoso.x, name: X}\n", ""),
    ("profile: {identifier: com.contoso.x, name: X}\nbogus: 1\n", "'bogus' was unexpected"),
    ("profile: {identifier: com.contoso.x, name: X}\nrestrictions: {allowCamera: false, allowCamra: true}\n", "'allowCamra' was unexpected"),
    ("profile: {identifier: com.contoso.x}\n", "'name' is a required property"),
    ("profile: {identifier: com.contoso.x, name: X, nmae: Y}\n", "'nmae' was unexpected"),
    ("profile: {identifier: com.contoso.x, name: X}\nenrollment: {type: web}\n", "is not one of"),
    ("profile: {identifier: com.contoso.x, name: X}\nenrollment: {type: web-based, platform: iPadOS, min-os: 15.0, restrictions: {device-limit: 5}}\n", ""),
    ("profile: {identifier: com.contoso.x, name: X}\nsso: {provider: microsoft, app-allow-list: [a.b], extension-data: {custom_key: 1}}\n", ""),
    ("profile: {identifier: com.contoso.x, name: X}\nsso: {provider: microsoft, app-alow-list: [a.b]}\n", "'app-alow-list' was unexpected"),
    ("profile: {identifier: com.contoso.x, name: X}\npayloads:\n  - {type: com.apple.webClip.managed, URL: 'https://x', Label: X, Icon: {base64: AAEC}}\n", ""),
    ("profile: {identifier: com.contoso.x, name: X}\npayloads:\n  - {type: com.apple.webClip.managed, URL: 'https://x', Label: X, Icon: {file: icon.png}}\n", ""),
    ("profile: {identifier: com.contoso.x, name: X}\npayloads:\n  - {type: com.apple.webClip.managed, URL: 'https://x', Label: X, Icon: {path: icon.png}}\n", "is not valid under any of the given schemas"),
    ("profile: {identifier: com.contoso.x, name: X}\npayloads:\n  - {type: com.apple.webClip.managed, URL: 'https://x', Lable: X}\n", "'Lable' was unexpected"),
    ("profile: {identifier: com.contoso.x, name: X}\npayloads:\n  - {type: com.apple.webClip.managed, URL: 'https://x', Label: X, PayloadDisplayName: Y}\n", "'PayloadDisplayName' was unexpected"),
    ("profile: {identifier: com.contoso.x, name: X}\npayloads:\n  - {type: com.apple.webClip.managed, URL: 'https://x'}\n", "'Label' is a required property"),
    ("profile: {identifier: com.contoso.x, name: X}\npayloads:\n  - {type: com.example.unknown, Anything: 1}\n", ""),
    ("profile: {identifier: com.contoso.x, name: X}\npayloads:\n  - {URL: 'https://x'}\n", "'type' is a required property"),
    ("profile: {identifier: com.contoso.x, name: X, expires: 2027-01-31T00:00:00Z, remove-after: 86400, scope: System}\n", ""),
    ("profile: {identifier: com.contoso.x, name: X, expires: tomorrow}\n", "does not match"),
  ])
  func structure(_ yaml: String, _ expected: String) throws {
    let (status, out) = try python(
      """
      source = json.load(sys.stdin)[0]
      for loader in (yaml.SafeLoader, yaml.BaseLoader):
          print(json.dumps(errors(yaml.load(source, Loader=loader))))
      """, [yaml])
    #expect(status == 0)
    for line in out.split(separator: "\n") {
      let errors = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String]
      if expected.isEmpty {
        #expect(errors.isEmpty, "\(yaml): \(errors)")
      } else {
        #expect(errors.contains { $0.contains(expected) }, "\(yaml): \(errors)")
      }
    }
  }

  /// Ranges are checked where YAML reads numbers as numbers (BaseLoader reads text).
  @Test func rangesUnderTypedLoaders() throws {
    let (status, out) = try python(
      """
      doc = yaml.safe_load("profile: {identifier: com.contoso.x, name: X}\\nenrollment: {restrictions: {device-limit: 16}}\\n")
      print(json.dumps(errors(doc)))
      """)
    #expect(status == 0)
    #expect(out.contains("16 is not valid under any of the given schemas"), "\(out)")
  }

  @Test func descriptionsAreProfilecsWords() throws {
    // Every key has a description made from facts, never Apple's prose (the schemas
    // carry none): spot-check the shape.
    #expect(Self.schema.contains("\"description\": \"boolean, optional; default true. iOS 7.0+ (supervised only, not under User Enrollment)"))
    #expect(!Self.schema.contains("\"description\": \"\""))
  }
}
