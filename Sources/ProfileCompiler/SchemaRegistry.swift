import ProfileSchemas

/// Loading the schema set a run uses: the embedded one, or `--schemas DIR`.
public enum SchemaRegistry {
  public static var releaseName: String { SchemaSet.embedded.release ?? "unknown" }

  public static func load(directory: String?) throws -> SchemaSet {
    guard let directory else { return .embedded }
    return try SchemaSet(directory: directory)
  }
}
