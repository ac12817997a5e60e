import PropertyList

/// One difference between two profiles, at one key path.
public struct ProfileChange: Sendable {
  public enum Kind: String, Sendable {
    case added, removed, changed

    /// The line marker: `+`, `-` or `~`.
    public var marker: String {
      switch self {
      case .added: return "+"
      case .removed: return "-"
      case .changed: return "~"
      }
    }
  }

  public var kind: Kind
  /// `PayloadContent[com.contoso.byod.applicationaccess].allowCamera`, `PayloadDisplayName`.
  public var path: String
  /// The PayloadIdentifier of the payload the path is in; nil for top-level keys.
  public var payload: String?
  /// nil for an added path.
  public var old: PlistValue?
  /// nil for a removed path.
  public var new: PlistValue?
}

/// What `profilec diff` reports: the changes by key path, and notes that are not changes
/// (payloads reordered).
public struct ProfileDiff: Sendable {
  public var changes: [ProfileChange] = []
  public var notes: [String] = []
  public var isEqual: Bool { changes.isEmpty }
}

public struct DiffOptions: Sendable {
  /// Report PayloadUUID changes (top level and per payload); off by default because UUIDs
  /// churn whenever a profile is rebuilt by another tool.
  public var compareUUIDs: Bool
  public init(compareUUIDs: Bool = false) { self.compareUUIDs = compareUUIDs }
}

/// Compares two profiles as property-list values (SPEC §6, `diff`).
///
/// Payloads are matched by PayloadIdentifier, not by position; dictionary key order never
/// matters; arrays compare element by element, with added or removed tails. A change of
/// payload order alone is a note, not a change.
public enum ProfileDiffer {
  public static func diff(old: PlistNode, new: PlistNode, options: DiffOptions = DiffOptions()) -> ProfileDiff {
    var d = ProfileDiff()
    guard let oldTop = old.dictValue, let newTop = new.dictValue else {
      compare(old.value, new.value, path: "", payload: nil, into: &d.changes)
      return d
    }
    let oldPayloads = oldTop["PayloadContent"]?.arrayValue
    let newPayloads = newTop["PayloadContent"]?.arrayValue
    // PayloadContent is compared payload by payload when both sides hold a list of dictionaries.
    let byPayload =
      (oldPayloads != nil || newPayloads != nil)
      && (oldPayloads.map(allDictionaries) ?? true) && (newPayloads.map(allDictionaries) ?? true)
    var skip: Set<String> = options.compareUUIDs ? [] : ["PayloadUUID"]
    if byPayload { skip.insert("PayloadContent") }
    compareDicts(oldTop, newTop, path: "", payload: nil, skip: skip, into: &d.changes)
    if byPayload {
      comparePayloads(oldPayloads ?? [], newPayloads ?? [], options: options, into: &d)
    }
    return d
  }

  static func allDictionaries(_ nodes: [PlistNode]) -> Bool {
    nodes.allSatisfy { $0.dictValue != nil }
  }

  /// A payload's name in paths: its identifier, with `#2`, `#3` for repeats of one
  /// identifier (a broken profile, but still diffable); its position when it has none.
  static func payloadKeys(_ payloads: [PlistNode]) -> [String] {
    var seen: [String: Int] = [:]
    return payloads.enumerated().map { i, p in
      guard let id = p.dictValue?["PayloadIdentifier"]?.stringValue else { return "#\(i)" }
      let n = (seen[id] ?? 0) + 1
      seen[id] = n
      return n == 1 ? id : id + "#\(n)"
    }
  }

  static func comparePayloads(_ old: [PlistNode], _ new: [PlistNode], options: DiffOptions, into d: inout ProfileDiff) {
    let oldKeys = payloadKeys(old), newKeys = payloadKeys(new)
    var newIndex: [String: Int] = [:]
    for (i, k) in newKeys.enumerated() { newIndex[k] = i }
    let oldSet = Set(oldKeys)
    let skip: Set<String> = options.compareUUIDs ? [] : ["PayloadUUID"]
    // Old order first (changes and removals), then additions in new order: stable output.
    for (i, key) in oldKeys.enumerated() {
      let path = "PayloadContent[\(key)]"
      if let j = newIndex[key] {
        compareDicts(old[i].dictValue!, new[j].dictValue!, path: path, payload: key, skip: skip, into: &d.changes)
      } else {
        d.changes.append(ProfileChange(kind: .removed, path: path, payload: key, old: old[i].value, new: nil))
      }
    }
    for (j, key) in newKeys.enumerated() where !oldSet.contains(key) {
      d.changes.append(
        ProfileChange(kind: .added, path: "PayloadContent[\(key)]", payload: key, old: nil, new: new[j].value))
    }
    let commonOld = oldKeys.filter { newIndex[$0] != nil }
    let commonNew = newKeys.filter { oldSet.contains($0) }
    if commonOld != commonNew {
      d.notes.append(
        "payload order changed (not a difference: payloads are matched by PayloadIdentifier); new order: "
          + commonNew.joined(separator: ", "))
    }
  }

  static func compareDicts(
    _ old: PlistDict, _ new: PlistDict, path: String, payload: String?, skip: Set<String>,
    into changes: inout [ProfileChange]
  ) {
    // One pass over both key sets in sorted order: stable output whatever order the files
    // wrote their keys in, and an added key sits beside its neighbours.
    let a = old.sortedEntries, b = new.sortedEntries
    var i = 0, j = 0
    while i < a.count || j < b.count {
      if j >= b.count || (i < a.count && scalarLess(a[i].key, b[j].key)) {
        if !skip.contains(a[i].key) {
          changes.append(
            ProfileChange(kind: .removed, path: join(path, a[i].key), payload: payload, old: a[i].value.value, new: nil))
        }
        i += 1
      } else if i >= a.count || scalarLess(b[j].key, a[i].key) {
        if !skip.contains(b[j].key) {
          changes.append(
            ProfileChange(kind: .added, path: join(path, b[j].key), payload: payload, old: nil, new: b[j].value.value))
        }
        j += 1
      } else {
        if !skip.contains(a[i].key) {
          compare(a[i].value.value, b[j].value.value, path: join(path, a[i].key), payload: payload, into: &changes)
        }
        i += 1
        j += 1
      }
    }
  }

  static func compare(_ old: PlistValue, _ new: PlistValue, path: String, payload: String?, into changes: inout [ProfileChange]) {
    switch (old, new) {
    case (.dict(let a), .dict(let b)):
      compareDicts(a, b, path: path, payload: payload, skip: [], into: &changes)
    case (.array(let a), .array(let b)):
      for i in 0..<max(a.count, b.count) {
        let p = path + "[\(i)]"
        if i >= b.count {
          changes.append(ProfileChange(kind: .removed, path: p, payload: payload, old: a[i].value, new: nil))
        } else if i >= a.count {
          changes.append(ProfileChange(kind: .added, path: p, payload: payload, old: nil, new: b[i].value))
        } else {
          compare(a[i].value, b[i].value, path: p, payload: payload, into: &changes)
        }
      }
    default:
      if old != new {
        changes.append(ProfileChange(kind: .changed, path: path, payload: payload, old: old, new: new))
      }
    }
  }

  /// `path.key`, or `path["odd key"]` for keys that would read ambiguously (dots,
  /// brackets, spaces, quotes, empty).
  static func join(_ path: String, _ key: String) -> String {
    let plain =
      !key.isEmpty
      && key.unicodeScalars.allSatisfy { c in
        c != "." && c != "[" && c != "]" && c != " " && c != "\"" && c.value > 0x20 && c.value != 0x7F
      }
    if !plain { return path + "[" + DiffValueText.quote(key) + "]" }
    return path.isEmpty ? key : path + "." + key
  }
}
