/// Text with position markers (`1️⃣`, `2️⃣`, …) removed, and where each marker stood.
///
/// Tests write `"  phoneNumbr1️⃣: x"` and assert a diagnostic at marker 1's line and column, as
/// swift-format's `MarkedText` does.
public struct MarkedText: Sendable {
  public struct Position: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var description: String { "\(line):\(column)" }
  }

  public let text: String
  public let markers: [String: Position]

  public static let markerNames = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

  public init(_ marked: String) {
    var text = ""
    var markers: [String: Position] = [:]
    var line = 1
    var column = 1
    var rest = Substring(marked)
    outer: while let character = rest.first {
      for name in Self.markerNames where rest.hasPrefix(name) {
        markers[name] = Position(line: line, column: column)
        rest = rest.dropFirst(name.count)
        continue outer
      }
      text.append(character)
      if character == "\n" {
        line += 1
        column = 1
      } else {
        column += character.unicodeScalars.count
      }
      rest = rest.dropFirst()
    }
    self.text = text
    self.markers = markers
  }

  public subscript(marker: String) -> Position? { markers[marker] }
}
