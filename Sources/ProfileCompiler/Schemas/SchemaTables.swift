import ProfileSchemas

/// The readable tables of `profilec schema list` and `profilec schema show TYPE`.
public enum SchemaTables {
  /// One row per payload type: where it exists and since when.
  public static func list(_ set: SchemaSet) -> String {
    var table = TextTable(["PAYLOAD TYPE"] + Platform.allCases.map(\.rawValue) + ["SCHEMAS"])
    for type in set.payloadTypes {
      let schemas = set.schemas(forPayloadType: type)
      guard let plain = schemas.first else { continue }
      let cells = Platform.allCases.map { p in cell(plain.supportedOS[p]) }
      table.add([type] + cells + [schemas.count > 1 ? "\(schemas.count) variants" : ""])
    }
    var out = table.render()
    out += "\n\(set.payloadTypes.count) payload types; schemas: \(set.release ?? "unknown release")"
    out += set.directory.map { " from \($0)" } ?? " (built in)"
    out += "\n" + legend
    out += "Run 'profilec schema show TYPE' for a payload's keys.\n"
    return out
  }

  static let legend = """
    Cells: the version that introduced it ('all': every version); - not available; ? not described.
    S supervised only, U not under User Enrollment, u ignored under User Enrollment,
    M MDM only (no manual install), D deprecated, R removed.

    """

  /// `7.0 S U`: introduced, then what limits it.
  static func cell(_ a: Availability?) -> String {
    guard let a else { return "?" }
    guard a.isAvailable else { return "-" }
    var parts = [a.introduced ?? "yes"]
    if a.supervised == true { parts.append("S") }
    switch a.userEnrollment {
    case .forbidden?: parts.append("U")
    case .ignored?: parts.append("u")
    default: break
    }
    if a.allowManualInstall == false { parts.append("M") }
    if let d = a.deprecated, d != "n/a" { parts.append("D" + d) }
    if let r = a.removed, r != "n/a" { parts.append("R" + r) }
    return parts.joined(separator: " ")
  }

  /// Every schema for `name` (a payload type or a schema name); nil when there is none.
  public static func schemas(named name: String, in set: SchemaSet) -> [PayloadSchema]? {
    let byType = set.schemas(forPayloadType: name)
    if !byType.isEmpty { return byType }
    return set.schema(named: name).map { [$0] }
  }

  /// Candidates for "did you mean": the closest name, else names containing the word.
  public static func suggestions(for name: String, in set: SchemaSet) -> [String] {
    let names = set.payloadTypes + set.schemaNames.filter { set.schemas(forPayloadType: $0).isEmpty }
    if let close = Suggest.closest(to: name, in: names) { return [close] }
    let lower = name.lowercased()
    let containing = names.filter { $0.lowercased().contains(lower) }
    return Array(containing.prefix(5))
  }

  public static func show(_ schemas: [PayloadSchema], set: SchemaSet) -> String {
    schemas.map { show($0, set: set, variantCount: schemas.count) }.joined(separator: "\n")
  }

  static func show(_ schema: PayloadSchema, set: SchemaSet, variantCount: Int) -> String {
    var out = (schema.payloadType ?? schema.name)
    if variantCount > 1 || schema.name != (schema.payloadType ?? schema.name) { out += "  (schema \(schema.name))" }
    out += "\n"
    var origin: [String] = []
    if let s = schema.source { origin.append("from Apple's \(s)") }
    if let r = schema.release { origin.append(r) }
    if schema.kind == .project { origin.append("written for profilec") }
    if !origin.isEmpty { out += "  " + origin.joined(separator: ", ") + "\n" }

    let platforms = Platform.allCases.filter { schema.supportedOS[$0]?.isAvailable == true }
    if !schema.supportedOS.isEmpty {
      out += "\nAvailability\n"
      var t = TextTable(["PLATFORM", "INTRODUCED", "DEPRECATED", "REMOVED", "SUPERVISED", "USER ENROLLMENT", "MANUAL INSTALL", "MULTIPLE"])
      for p in Platform.allCases {
        guard let a = schema.supportedOS[p] else { continue }
        guard a.isAvailable else {
          t.add([p.rawValue, "not available"])
          continue
        }
        t.add([
          p.rawValue, a.introduced ?? "", a.deprecated ?? "-", a.removed ?? "-", yesNo(a.supervised, yes: "required"),
          a.userEnrollment?.rawValue ?? "-", a.allowManualInstall == false ? "no (MDM only)" : yesNo(a.allowManualInstall),
          yesNo(a.multiple),
        ])
      }
      out += t.render(indent: 2)
    }

    if !platforms.isEmpty {
      out += "\nBy enrollment type\n"
      var t = TextTable(["ENROLLMENT"] + platforms.map(\.rawValue))
      for type in EnrollmentType.allCases {
        let row = platforms.map { p -> String in
          let targets = type.platforms.map(\.schemaPlatform)
          guard targets.contains(p.rawValue), let a = schema.supportedOS[p] else { return "-" }
          return verdict(a, EnrollmentContext(type: type, platform: TargetPlatform(rawValue: p.rawValue) ?? .iOS))
        }
        t.add([type.rawValue] + row)
      }
      out += t.render(indent: 2)
    }

    out += "\nKeys\n"
    var t = TextTable(["KEY", "TYPE", "PRESENCE", "VALUES"] + platforms.map(\.rawValue))
    let enclosing: [Platform: Availability] = Dictionary(
      uniqueKeysWithValues: platforms.map { ($0, schema.availability(on: $0)) })
    addKeys(schema.keys, depth: 0, enclosing: enclosing, platforms: platforms, structures: [], to: &t)
    out += schema.keys.isEmpty ? "  (none)\n" : t.render(indent: 2)
    if !platforms.isEmpty { out += "\n" + legend }
    return out
  }

  static func yesNo(_ b: Bool?, yes: String = "yes") -> String {
    guard let b else { return "-" }
    return b ? yes : "no"
  }

  /// What SPEC §3 makes of the payload under one enrollment type.
  static func verdict(_ a: Availability, _ context: EnrollmentContext) -> String {
    var problems: [String] = []
    if a.supervised == true && !context.supervised { problems.append("needs supervision") }
    if context.userEnrollment {
      if a.userEnrollment == .forbidden { problems.append("not under User Enrollment") }
      if a.userEnrollment == .ignored { problems.append("ignored under User Enrollment") }
    }
    if context.manual && a.allowManualInstall == false { problems.append("MDM only") }
    return problems.isEmpty ? "ok" : problems.joined(separator: ", ")
  }

  static func addKeys(
    _ keys: [KeySchema], depth: Int, enclosing: [Platform: Availability], platforms: [Platform],
    structures: Set<String>, to t: inout TextTable
  ) {
    for key in keys {
      var effective: [Platform: Availability] = [:]
      for p in platforms { effective[p] = key.availability(on: p, inheriting: enclosing[p] ?? Availability()) }
      let name = String(repeating: "  ", count: depth) + (key.isWildcard ? "(any name)" : key.name)
      let repeated = key.structureName.map { structures.contains($0) } ?? false
      var values = SchemaFacts.values(key)
      if repeated { values = (values.isEmpty ? "" : values + "; ") + "same structure as above" }
      t.add(
        [name, SchemaFacts.type(key), key.presence?.rawValue ?? "", values]
          + platforms.map { cell(effective[$0]) })
      guard !repeated else { continue }
      var inner = structures
      if let s = key.structureName { inner.insert(s) }
      if key.type == .array, let element = key.elementSchema {
        // An array's element entry has a placeholder name: show what it holds instead.
        var e = element
        var elementAvailability = effective
        var guardCount = 0
        while e.type == .array, let next = e.elementSchema, guardCount < 16 {
          for p in platforms { elementAvailability[p] = next.availability(on: p, inheriting: elementAvailability[p] ?? Availability()) }
          if let s = e.structureName { inner.insert(s) }
          e = next
          guardCount += 1
        }
        if e.type == .dictionary && !e.subkeys.isEmpty {
          if let s = e.structureName { inner.insert(s) }
          for p in platforms { elementAvailability[p] = e.availability(on: p, inheriting: elementAvailability[p] ?? Availability()) }
          addKeys(e.subkeys, depth: depth + 1, enclosing: elementAvailability, platforms: platforms, structures: inner, to: &t)
        }
      } else if key.type == .dictionary && !key.subkeys.isEmpty {
        addKeys(key.subkeys, depth: depth + 1, enclosing: effective, platforms: platforms, structures: inner, to: &t)
      }
    }
  }
}

/// Columns padded to their widest cell, two spaces apart, no trailing blanks.
struct TextTable {
  var header: [String]
  var rows: [[String]] = []
  init(_ header: [String]) { self.header = header }
  mutating func add(_ row: [String]) { rows.append(row) }

  func render(indent: Int = 0) -> String {
    let all = [header] + rows
    let columns = all.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: columns)
    for row in all {
      for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.unicodeScalars.count) }
    }
    var out = ""
    for row in all {
      var line = String(repeating: " ", count: indent)
      for (i, c) in row.enumerated() {
        line += c
        if i + 1 < row.count { line += String(repeating: " ", count: widths[i] - c.unicodeScalars.count + 2) }
      }
      while line.last == " " { line.removeLast() }
      out += line + "\n"
    }
    return out
  }
}
