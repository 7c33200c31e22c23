/// Reads the reference at the start of a word: `1.a.b`, `2.items[1].name`, ``1.`first name` ``,
/// `` `1` `` (the whole bundle), `var.scenario.name`.
///
/// Unquoted keys start with a letter, `_` or `$` and go on with letters, digits, `_` and `$`, so
/// `1.name,` reads as the reference `1.name` followed by the text `,`.
enum ReferenceScanner {
  static func scan(_ word: [Unicode.Scalar]) -> (ReferenceSyntax, Int)? {
    var position = 0
    let root: ReferenceSyntax.Root
    var mustHavePath = true
    if word.first == "`" {
      // `` `1` `` is module 1's whole bundle.
      var end = 1
      while end < word.count, ("0"..."9").contains(word[end]) { end += 1 }
      guard end > 1, end < word.count, word[end] == "`", let id = Int(String(String.UnicodeScalarView(word[1..<end])))
      else { return nil }
      root = .module(id)
      position = end + 1
      mustHavePath = false
    } else if word.starts(with: "var.".unicodeScalars) {
      root = .variable
      position = 3
    } else {
      while position < word.count, ("0"..."9").contains(word[position]) { position += 1 }
      guard position > 0, position <= 9, let id = Int(String(String.UnicodeScalarView(word[0..<position]))) else {
        return nil
      }
      root = .module(id)
    }
    var path: [PathComponent] = []
    var consumed = position
    while position < word.count {
      if word[position] == "." {
        var keyEnd = position + 1
        guard keyEnd < word.count else { break }
        let key: String
        if word[keyEnd] == "`" {
          keyEnd += 1
          let keyStart = keyEnd
          while keyEnd < word.count, word[keyEnd] != "`" { keyEnd += 1 }
          guard keyEnd < word.count else { break }
          key = String(String.UnicodeScalarView(word[keyStart..<keyEnd]))
          keyEnd += 1
        } else {
          guard isKeyStart(word[keyEnd]) else { break }
          let keyStart = keyEnd
          while keyEnd < word.count, isKeyPart(word[keyEnd]) { keyEnd += 1 }
          key = String(String.UnicodeScalarView(word[keyStart..<keyEnd]))
        }
        path.append(.key(key))
        position = keyEnd
        consumed = position
      } else if word[position] == "[" {
        var end = position + 1
        while end < word.count, ("0"..."9").contains(word[end]) { end += 1 }
        guard end < word.count, word[end] == "]", end - position <= 10 else { break }
        if end == position + 1 {
          path.append(.allItems)
        } else if let index = Int(String(String.UnicodeScalarView(word[(position + 1)..<end]))) {
          path.append(.index(index))
        }
        position = end + 1
        consumed = position
      } else {
        break
      }
    }
    if mustHavePath && path.isEmpty { return nil }
    if case .variable = root, path.isEmpty { return nil }
    return (ReferenceSyntax(root: root, path: path), consumed)
  }

  static func isKeyStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar == "$" || scalar.properties.isAlphabetic
  }

  static func isKeyPart(_ scalar: Unicode.Scalar) -> Bool {
    isKeyStart(scalar) || scalar.properties.numericType != nil
  }
}
