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
  ///
  /// This is a stored format, not only a search rule: SQLite's contentless index keeps no copy of
  /// what it was given, so deleting or replacing an execution recomputes its terms from the
  /// bundles it stored (``hashes(ofBundles:)``) and tells the index to delete exactly those. Terms
  /// that differ from the ones indexed would corrupt the index, so any change to what a term is
  /// (the scanner, the folding, the hash) needs a migration that re-indexes every execution;
  /// `SearchTermsTests.storedTermsAreFrozen` fails on any such change.
  package static func hashes(of record: ExecutionRecord) -> [Int64] {
    hashes(ofBundles: [record.triggerBundle] + record.operationLog.flatMap { [$0.input, $0.output] })
  }

  /// The hashes of every term of `bundles` (an execution's trigger bundle, then each operation's
  /// input and output, as the engine wrote them), sorted, each once; nil bundles hold none.
  package static func hashes(ofBundles bundles: [Data?]) -> [Int64] {
    var scanner = Scanner(variants: true)
    var hashes: [Int64] = []
    for data in bundles {
      guard let data else { continue }
      scanner.scan(data) { hashes.append(hash(folding: $0)) }
    }
    return uniqueSorted(hashes)
  }

  /// The hashes of the terms of a search text: an execution matches when it has every one. Empty
  /// when the text has no term (it matches nothing).
  package static func hashes(ofQuery text: String) -> [Int64] {
    var hashes: [Int64] = []
    var scanner = Scanner(variants: false)
    scanner.scan(Data(text.utf8)) { term in
      let hash = hash(folding: term)
      if !hashes.contains(hash) { hashes.append(hash) }
    }
    return hashes
  }

  /// The terms of `text` (JSON or plain text), as the index holds them.
  package static func terms(of text: String) -> [String] {
    var terms: [String] = []
    var scanner = Scanner(variants: true)
    scanner.scan(Data(text.utf8)) { terms.append(String(decoding: $0, as: UTF8.self).lowercased()) }
    return terms
  }

  /// FNV-1a (64 bits) of the term's UTF-8, kept to 47 bits: stable across processes and
  /// machines (Swift's `Hasher` is seeded per process), small enough for six bytes, and with a
  /// million distinct terms a false match is about one search in a hundred million.
  package static func hash(_ term: String) -> Int64 {
    Array(term.utf8).withUnsafeBufferPointer { hash(folding: $0[...]) }
  }

  /// The hash of a term's UTF-8 with ASCII letters folded to lower case as it goes (a term of the
  /// scanner's fast path arrives as it stands in the bundle; one with other letters arrives
  /// folded already, which folding again does not change).
  private static func hash(folding bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(lowered(byte))
      hash &*= 0x0000_0100_0000_01B3
    }
    return Int64(bitPattern: hash & (1 << 47 - 1))
  }

  // MARK: - Scanning

  /// Calls `emit` with the UTF-8 of each term of the data it scans. A term of ASCII letters,
  /// digits and `@ . _ + -` only (most terms of any bundle) is emitted where it stands in the data,
  /// not folded (``hash(folding:)`` folds as it hashes); a term with other letters or a JSON escape
  /// is copied as it is read and emitted folded (`String.lowercased()`). A value type with mutating
  /// methods, so its state is checked for exclusive access when compiled rather than at every byte
  /// (docs/benchmarks.md, "History: compression and search").
  private struct Scanner {
    let variants: Bool
    /// Where the current term started in the data, while it is ASCII and needs no copy.
    var start: Int?
    /// The current term once it needs a copy (a non-ASCII letter, a JSON escape), folded ASCII.
    var token: [UInt8] = []
    var isCopying = false
    var isASCII = true

    init(variants: Bool) {
      self.variants = variants
    }

    mutating func scan(_ data: Data, _ emit: (Slice<UnsafeBufferPointer<UInt8>>) -> Void) {
      data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
        let bytes = raw.bindMemory(to: UInt8.self)
        scan(bytes, emit)
        flush(bytes, at: bytes.count, emit)
      }
    }

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (Slice<UnsafeBufferPointer<UInt8>>) -> Void)
    {
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        if byte < 0x80 {
          if isTermByte(byte) {
            if isCopying {
              token.append(lowered(byte))
              index += 1
            } else {
              if start == nil { start = index }
              // The rest of an in-place term's ASCII run at once; whatever ends it (a separator, an
              // escape, a byte above ASCII) is handled on the next turn.
              index += 1
              while index < bytes.count, isTermByte(bytes[index]) { index += 1 }
            }
          } else if byte == UInt8(ascii: "\\") {
            // A JSON escape: \uXXXX is the character it names; the others (\n, \", \\, …) end a term.
            let escapeStart = index
            index += 1
            guard index < bytes.count else {
              flush(bytes, at: escapeStart, emit)
              break
            }
            let escaped = bytes[index]
            index += 1
            if escaped == UInt8(ascii: "u"), let (scalar, next) = unicodeEscape(bytes, at: index) {
              index = next
              if isTermScalar(scalar) {
                copy(bytes, upTo: escapeStart)
                append(scalar)
                continue
              }
            }
            flush(bytes, at: escapeStart, emit)
          } else {
            flush(bytes, at: index, emit)
            index += 1
          }
        } else {
          guard let (scalar, length) = decodeUTF8(bytes, at: index) else {
            // Not UTF-8: a separator.
            flush(bytes, at: index, emit)
            index += 1
            continue
          }
          if isTermScalar(scalar) {
            copy(bytes, upTo: index)
            isASCII = false
            token.append(contentsOf: bytes[index..<index + length])
          } else {
            flush(bytes, at: index, emit)
          }
          index += length
        }
      }
    }

    /// Switches the current term to a copy: what was read of it in place so far, folded.
    private mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>, upTo end: Int) {
      guard !isCopying else { return }
      isCopying = true
      if let start {
        for byte in bytes[start..<end] { token.append(lowered(byte)) }
      }
      start = nil
    }

    /// Emits the term that ends at `end`, if any, and starts the next.
    private mutating func flush(
      _ bytes: UnsafeBufferPointer<UInt8>, at end: Int, _ emit: (Slice<UnsafeBufferPointer<UInt8>>) -> Void
    ) {
      if isCopying {
        defer {
          token.removeAll(keepingCapacity: true)
          isCopying = false
          isASCII = true
        }
        let folded = isASCII ? token : Array(String(decoding: token, as: UTF8.self).lowercased().utf8)
        folded.withUnsafeBufferPointer { emitTrimmed($0[...], emit) }
      } else if let start {
        self.start = nil
        emitTrimmed(bytes[start..<end], emit)
      }
    }

    /// Emits `term` without `. _ -` at its ends (nor a `+` at its end), and for a term starting
    /// with `+` once more without it.
    private func emitTrimmed(
      _ term: Slice<UnsafeBufferPointer<UInt8>>, _ emit: (Slice<UnsafeBufferPointer<UInt8>>) -> Void
    ) {
      var start = term.startIndex
      var end = term.endIndex
      while start < end, trimmedAtStart(term[start]) { start += 1 }
      while end > start, trimmedAtEnd(term[end - 1]) { end -= 1 }
      guard start < end else { return }
      let trimmed = term.base[start..<end]
      emit(trimmed)
      if variants, trimmed.first == UInt8(ascii: "+") {
        let bare = trimmed.drop { $0 == UInt8(ascii: "+") }
        if !bare.isEmpty { emit(bare) }
      }
    }

    private mutating func append(_ scalar: Unicode.Scalar) {
      if scalar.isASCII {
        token.append(lowered(UInt8(scalar.value)))
      } else {
        isASCII = false
        token.append(contentsOf: String(scalar).utf8)
      }
    }
  }

  /// The scalar UTF-8 encodes at `start` and its length in bytes, or nil when the bytes there
  /// are not UTF-8.
  private static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
    let lead = bytes[start]
    let length: Int
    var value: UInt32
    switch lead {
    case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
    case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
    case 0xF0...0xF4: (length, value) = (4, UInt32(lead & 0x07))
    default: return nil
    }
    guard start + length <= bytes.count else { return nil }
    for offset in 1..<length {
      let continuation = bytes[start + offset]
      guard continuation & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(continuation & 0x3F)
    }
    guard let scalar = Unicode.Scalar(value), String(scalar).utf8.count == length else { return nil }
    return (scalar, length)
  }

  /// The character of `\uXXXX` (after the `u`), joining a surrogate pair, and where it ends.
  private static func unicodeEscape(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
    func hex(at start: Int) -> UInt32? {
      guard start + 4 <= bytes.count else { return nil }
      var value: UInt32 = 0
      for offset in 0..<4 {
        guard let digit = Character(Unicode.Scalar(bytes[start + offset])).hexDigitValue else { return nil }
        value = value << 4 | UInt32(digit)
      }
      return value
    }
    guard let high = hex(at: start) else { return nil }
    if (0xD800..<0xDC00).contains(high) {
      guard start + 6 <= bytes.count, bytes[start + 4] == UInt8(ascii: "\\"), bytes[start + 5] == UInt8(ascii: "u"),
        let low = hex(at: start + 6), (0xDC00..<0xE000).contains(low),
        let scalar = Unicode.Scalar(0x10000 + (high - 0xD800) << 10 + (low - 0xDC00))
      else { return nil }
      return (scalar, start + 10)
    }
    guard let scalar = Unicode.Scalar(high) else { return nil }
    return (scalar, start + 4)
  }

  /// ASCII letters, digits and `@ . _ + -`: one bit per byte value, bytes 0–63 in the first word
  /// and 64–127 in the second (a shift and a test per byte of every bundle, where comparing with
  /// each range took several).
  private static func isTermByte(_ byte: UInt8) -> Bool {
    guard byte < 0x80 else { return false }
    let word = byte < 64 ? termBytesBelow64 : termBytesFrom64
    return word >> UInt64(byte & 63) & 1 != 0
  }

  /// `+ - . 0–9`.
  private static let termBytesBelow64: UInt64 = 1 << 43 | 1 << 45 | 1 << 46 | 0x3FF << 48
  /// `@ A–Z _ a–z`, less 64.
  private static let termBytesFrom64: UInt64 = 1 << 0 | 0x3FF_FFFF << 1 | 1 << 31 | 0x3FF_FFFF << 33

  private static func lowered(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
  }

  private static func isTermScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII { return isTermByte(UInt8(scalar.value)) }
    return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
  }

  private static func trimmedAtStart(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
  }

  private static func trimmedAtEnd(_ byte: UInt8) -> Bool {
    trimmedAtStart(byte) || byte == UInt8(ascii: "+")
  }
}
