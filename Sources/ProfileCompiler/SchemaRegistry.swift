/// The schema set in use (built in, or `--schemas DIR`).
public enum SchemaRegistry {
  public static var releaseName: String { "Release_iOS-18-1_macOS-15-1" }
}

extension SchemaRegistry {
  public static func use(directory: String) throws {}
  public static var shapeProvider: any ShapeProvider { FormOnlyShapes() }
}
