import Foundation
import Testing

@testable import ProfileSchemas

/// The committed schemas are what scripts/gen-schemas.py makes from Apple's release.
@Suite(
  .enabled(if: pythonWithYAML != nil, "needs python3 with PyYAML"),
  .enabled(
    if: FileManager.default.fileExists(atPath: Paths.appleRelease.path),
    "needs ../shared/reference/apple-device-management"))
struct GeneratorTests {
  @Test func committedSchemasAreCurrent() throws {
    let result = try run(
      pythonWithYAML!, ["scripts/gen-schemas.py", "--check"], in: Paths.repo)
    #expect(result.status == 0, "\(result.output)")
  }

  /// The generator keeps prose out: no title or description of Apple's YAML reaches the
  /// schema files (sampled on the payload titles, which are unique sentences).
  @Test func noAppleProse() throws {
    let script = """
      import glob, os, sys, yaml
      src = sys.argv[1]
      for f in sorted(glob.glob(os.path.join(src, 'mdm/profiles/*.yaml'))):
          d = yaml.safe_load(open(f))
          for t in (d.get('title'), d.get('description'), d['payload'].get('content')):
              if isinstance(t, str) and len(t) > 25:
                  print(t.splitlines()[0])
      """
    let result = try run(pythonWithYAML!, ["-c", script, Paths.appleRelease.path])
    #expect(result.status == 0, "\(result.output)")
    let sentences = result.output.split(separator: "\n").map(String.init)
    #expect(sentences.count > 50)
    let all = EmbeddedSchemas.texts.values.joined(separator: "\n")
    for s in sentences {
      #expect(!all.contains(s), "prose copied: \(s)")
    }
  }
}
