/// A number per string (where each was first seen, how often...), as `[String: Int]` keeps
/// it (same `String` equality), but scanning a small array while there are few entries: a
/// profile has a handful of payloads, and building and growing hashed dictionaries per
/// profile cost more than the rules that use them. Past `linearLimit` entries it switches
/// to a dictionary.
struct FirstSeen {
  private var small: [(key: String, value: Int)] = []
  private var large: [String: Int]? = nil
  static let linearLimit = 16

  subscript(key: String) -> Int? {
    if let large { return large[key] }
    for entry in small where entry.key == key { return entry.value }
    return nil
  }

  /// Records `value` for `key`, replacing the one it had.
  mutating func update(_ key: String, _ value: Int) {
    if large != nil {
      large![key] = value
      return
    }
    if let i = small.firstIndex(where: { $0.key == key }) {
      small[i].value = value
    } else {
      insert(key, value)
    }
  }

  /// Records `value` for `key`; the caller has checked that `key` is new.
  mutating func insert(_ key: String, _ value: Int) {
    if large != nil {
      large![key] = value
      return
    }
    if small.isEmpty { small.reserveCapacity(4) }
    small.append((key, value))
    if small.count > FirstSeen.linearLimit {
      var index: [String: Int] = [:]
      for entry in small where index[entry.key] == nil { index[entry.key] = entry.value }
      large = index
      small = []
    }
  }
}
