/// Data paths (`payloads[1].DNSSettings.ServerURL`) and identifiers (`com.contoso.wifi`)
/// built in one allocation. `a + "." + b` allocates for each `+`, and the compiler spells
/// out a path for every container it lowers and walks: string growth was a twentieth of a
/// thousand-source build.
enum PathText {
  /// `parent.child`, or `child` when `parent` is empty.
  static func member(_ parent: String, _ child: String) -> String {
    parent.isEmpty ? child : join(parent, UInt8(ascii: "."), child)
  }

  /// `parent[index]`.
  static func index(_ parent: String, _ index: Int) -> String {
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    // Indices are never negative; written right to left.
    return withUnsafeMutableBytes(of: &digits) { d in
      var n = max(index, 0)
      var start = d.count
      repeat {
        start -= 1
        d[start] = UInt8(ascii: "0") + UInt8(n % 10)
        n /= 10
      } while n > 0
      let number = UnsafeRawBufferPointer(rebasing: d[start...])
      var parent = parent
      return parent.withUTF8 { p in
        String(unsafeUninitializedCapacity: p.count + number.count + 2) { out in
          var i = 0
          for b in p { out[i] = b; i += 1 }
          out[i] = UInt8(ascii: "[")
          i += 1
          for b in number { out[i] = b; i += 1 }
          out[i] = UInt8(ascii: "]")
          return i + 1
        }
      }
    }
  }

  /// `a`, one separator byte, `b`.
  static func join(_ a: String, _ separator: UInt8, _ b: String) -> String {
    var a = a
    var b = b
    return a.withUTF8 { ua in
      b.withUTF8 { ub in
        String(unsafeUninitializedCapacity: ua.count + 1 + ub.count) { out in
          guard let o = out.baseAddress else { return 0 }
          if let s = ua.baseAddress { o.update(from: s, count: ua.count) }
          o[ua.count] = separator
          if let s = ub.baseAddress { (o + ua.count + 1).update(from: s, count: ub.count) }
          return ua.count + 1 + ub.count
        }
      }
    }
  }
}
