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

  /// The closest candidate within a distance that grows with the word's length; a
  /// case-insensitive exact match always wins.
  public static func closest<S: Sequence>(to word: String, in candidates: S) -> String?
  where S.Element == String {
    let lower = word.lowercased()
    var best: (String, Int)? = nil
    for c in candidates {
      if c.lowercased() == lower && c != word { return c }
      let d = distance(lower, c.lowercased())
      let limit = max(1, min(3, word.unicodeScalars.count / 3))
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
