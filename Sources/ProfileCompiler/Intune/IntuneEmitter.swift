/// `--emit intune`: Microsoft Graph request bodies (issue 4).
public enum IntuneEmitter {
  public static func render(model: ProfileModel, mobileconfig: [UInt8]) -> String { "{}\n" }

  /// `out.mobileconfig` -> `out.intune.json`.
  public static func jsonPath(forOutput path: String) -> String {
    (path.hasSuffix(".mobileconfig") ? String(path.dropLast(".mobileconfig".count)) : path) + ".intune.json"
  }

  /// `dir/NAME.profile.yaml` -> `dir/NAME.intune.json` (when the profile went to stdout).
  public static func jsonPath(forSource path: String) -> String {
    let stem = path.hasSuffix(".profile.yaml") ? String(path.dropLast(".profile.yaml".count)) : path
    return stem + ".intune.json"
  }
}
