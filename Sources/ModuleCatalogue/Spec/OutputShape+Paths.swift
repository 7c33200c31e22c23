extension OutputShape {
  /// The dotted paths, below this shape, of fields named `key` (through collections, and through
  /// arrays by their items), nearest first: where a field the mapping misses really is, for "did
  /// you mean `1.customer.phone_number`".
  package func paths(toFieldNamed key: String, limit: Int = 3) -> [String] {
    var found: [(depth: Int, path: String)] = []
    func walk(_ shape: OutputShape, prefix: String, depth: Int) {
      guard depth < 6 else { return }
      switch shape {
      case .collection(let fields):
        for field in fields {
          let path = prefix.isEmpty ? field.name : prefix + "." + field.name
          if field.name == key { found.append((depth, path)) }
          walk(field.shape, prefix: path, depth: depth + 1)
        }
      case .array(let item):
        walk(item, prefix: prefix, depth: depth)
      case .text, .number, .boolean, .date, .any, .dynamic:
        break
      }
    }
    walk(self, prefix: "", depth: 0)
    return found.sorted { ($0.depth, $0.path) < ($1.depth, $1.path) }.prefix(limit).map(\.path)
  }
}
