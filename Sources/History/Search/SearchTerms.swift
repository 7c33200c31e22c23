package import Foundation

/// The one definition of what `history list --search` (and the console's `?q=`) finds: the terms
/// of an execution's trigger bundle and of its operations' inputs and outputs, as both stores
/// index them.
///
/// A term is a run of letters, digits and `@ . _ + -`, case-folded, without `. _ -` at its ends
/// (and without a `+` at its end): `+15551234567`, `order-1234`, `zoë@example.com`, `hello`. A
/// term that starts with `+` is indexed without it too, so a phone number is found with or
/// without its `+`. JSON escapes are read as what they stand for (`\u00e9` is `é`, `\n` ends a
/// term). Stores keep a 47-bit hash of each term (``hash(_:)``), not the text: the index holds no
/// bundle data, and a term's length does not matter, so nothing is left out.
package enum SearchTerms {
  /// The hashes of every term `record` is found by, sorted, each once. Empty for a record without
  /// bundles (a confidential scenario's).
  package static func hashes(of record: ExecutionRecord) -> [Int64] {
    var hashes = Set<Int64>()
    func add(_ data: Data?) {
      guard let data else { return }
      scan(data, variants: true) { hashes.insert(hash($0)) }
    }
    add(record.triggerBundle)
    for operation in record.operationLog {
      add(operation.input)
      add(operation.output)
    }
    return hashes.sorted()
  }

  /// The hashes of the terms of a search text: an execution matches when it has every one. Empty
  /// when the text has no term (it matches nothing).
  package static func hashes(ofQuery text: String) -> [Int64] {
    var hashes: [Int64] = []
    scan(Data(text.utf8), variants: false) { term in
      let hash = hash(term)
      if !hashes.contains(hash) { hashes.append(hash) }
    }
    return hashes
  }

  /// The terms of `text` (JSON or plain text), as the index holds them.
  package static func terms(of text: String) -> [String] {
    var terms: [String] = []
    scan(Data(text.utf8), variants: true) { terms.append($0) }
    return terms
  }

  /// FNV-1a (64 bits) of the term's UTF-8, kept to 47 bits: stable across processes and
  /// machines (Swift's `Hasher` is seeded per process), small enough for six bytes, and with a
  /// million distinct terms a false match is about one search in a hundred million.
  package static func hash(_ term: String) -> Int64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in term.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01B3
    }
    return Int64(bitPattern: hash & (1 << 47 - 1))
  }

  // MARK: - Scanning

  private static func scan(_ data: Data, variants: Bool, _ emit: (String) -> Void) {
    var token = String.UnicodeScalarView()
    func flush() {
      defer { token.removeAll(keepingCapacity: true) }
      var scalars = Substring.UnicodeScalarView(token)
      while let first = scalars.first, trimmedAtStart(first) { scalars.removeFirst() }
      while let last = scalars.last, trimmedAtEnd(last) { scalars.removeLast() }
      guard !scalars.isEmpty else { return }
      let term = String(String.UnicodeScalarView(scalars)).lowercased()
      emit(term)
      if variants, term.hasPrefix("+") {
        let bare = term.drop { $0 == "+" }
        if !bare.isEmpty { emit(String(bare)) }
      }
    }
    let text = String(decoding: data, as: UTF8.self).unicodeScalars
    var index = text.startIndex
    while index < text.endIndex {
      let scalar = text[index]
      text.formIndex(after: &index)
      if scalar == "\\" {
        // A JSON escape: \uXXXX is the character it names; the others (\n, \", \\, …) end a term.
        guard index < text.endIndex else { break }
        let escaped = text[index]
        text.formIndex(after: &index)
        if escaped == "u", let (decoded, next) = unicodeEscape(text, at: index) {
          index = next
          if isTermScalar(decoded) {
            token.append(decoded)
            continue
          }
        }
        flush()
      } else if isTermScalar(scalar) {
        token.append(scalar)
      } else {
        flush()
      }
    }
    flush()
  }

  /// The character of `\uXXXX` (after the `u`), joining a surrogate pair, and where it ends.
  private static func unicodeEscape(
    _ text: String.UnicodeScalarView, at start: String.UnicodeScalarView.Index
  ) -> (Unicode.Scalar, String.UnicodeScalarView.Index)? {
    func hex(at start: String.UnicodeScalarView.Index) -> (UInt32, String.UnicodeScalarView.Index)? {
      var value: UInt32 = 0
      var index = start
      for _ in 0..<4 {
        guard index < text.endIndex, text[index].isASCII,
          let digit = Character(text[index]).hexDigitValue
        else { return nil }
        value = value << 4 | UInt32(digit)
        text.formIndex(after: &index)
      }
      return (value, index)
    }
    guard let (high, afterHigh) = hex(at: start) else { return nil }
    if (0xD800..<0xDC00).contains(high) {
      var index = afterHigh
      guard index < text.endIndex, text[index] == "\\" else { return nil }
      text.formIndex(after: &index)
      guard index < text.endIndex, text[index] == "u" else { return nil }
      text.formIndex(after: &index)
      guard let (low, afterLow) = hex(at: index), (0xDC00..<0xE000).contains(low),
        let scalar = Unicode.Scalar(0x10000 + (high - 0xD800) << 10 + (low - 0xDC00))
      else { return nil }
      return (scalar, afterLow)
    }
    guard let scalar = Unicode.Scalar(high) else { return nil }
    return (scalar, afterHigh)
  }

  private static func isTermScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      switch scalar {
      case "a"..."z", "A"..."Z", "0"..."9", "@", ".", "_", "+", "-": return true
      default: return false
      }
    }
    return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
  }

  private static func trimmedAtStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "." || scalar == "_" || scalar == "-"
  }

  private static func trimmedAtEnd(_ scalar: Unicode.Scalar) -> Bool {
    trimmedAtStart(scalar) || scalar == "+"
  }
}
