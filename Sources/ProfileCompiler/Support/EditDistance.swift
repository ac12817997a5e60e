/// "Did you mean" suggestions by edit distance (optimal string alignment, so a swap of two
/// neighbouring letters costs one).
public enum Suggest {
  public static func distance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev2 = [Int](repeating: 0, count: y.count + 1)
    var prev = Array(0...y.count)
    var cur = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      cur[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
          cur[j] = min(cur[j], prev2[j - 2] + 1)
        }
      }
      (prev2, prev, cur) = (prev, cur, prev2)
    }
    return prev[y.count]
  }

  /// `distance` where it is at most `limit`, and some number above `limit` otherwise: only
  /// the cells within `limit` of the diagonal are computed, and a row whose every cell is
  /// over the limit ends the work (no later row can come back under it).
  static func boundedDistance(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar], limit: Int) -> Int {
    let n = x.count
    let m = y.count
    let big = limit + 1
    if abs(n - m) > limit { return big }
    if n == 0 { return m }
    if m == 0 { return n }
    var prev2 = [Int](repeating: big, count: m + 1)
    var prev = [Int](repeating: big, count: m + 1)
    var cur = [Int](repeating: big, count: m + 1)
    for j in 0...min(m, limit) { prev[j] = j }
    for i in 1...n {
      let lo = max(1, i - limit)
      let hi = min(m, i + limit)
      cur[0] = i <= limit ? i : big
      if lo > 1 { cur[lo - 1] = big }
      var rowMin = cur[0]
      if lo <= hi {
        for j in lo...hi {
          let cost = x[i - 1] == y[j - 1] ? 0 : 1
          var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
          if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
            v = min(v, prev2[j - 2] + 1)
          }
          cur[j] = min(v, big)
          rowMin = min(rowMin, cur[j])
        }
      }
      if hi < m { cur[hi + 1] = big }
      if rowMin > limit { return big }
      (prev2, prev, cur) = (prev, cur, prev2)
    }
    return min(prev[m], big)
  }

  /// The closest candidate within a distance that grows with the word's length; a
  /// case-insensitive exact match always wins.
  public static func closest<S: Sequence>(to word: String, in candidates: S) -> String?
  where S.Element == String {
    let lower = word.lowercased()
    let lowerScalars = Array(lower.unicodeScalars)
    let lowerLength = lowerScalars.count
    let limit = max(1, min(3, word.unicodeScalars.count / 3))
    var best: (String, Int)? = nil
    for c in candidates {
      let candidate = c.lowercased()
      if candidate == lower && c != word { return c }
      // The distance is at least the difference in length: most candidates (an unknown
      // payload type is compared with every known one) are ruled out without the table.
      if abs(candidate.unicodeScalars.count - lowerLength) > limit { continue }
      let d = boundedDistance(lowerScalars, Array(candidate.unicodeScalars), limit: limit)
      if d <= limit && (best == nil || d < best!.1) { best = (c, d) }
    }
    return best?.0
  }

  /// `; did you mean 'x'?` or an empty string.
  public static func didYouMean<S: Sequence>(_ word: String, _ candidates: S) -> String
  where S.Element == String {
    closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }
}
