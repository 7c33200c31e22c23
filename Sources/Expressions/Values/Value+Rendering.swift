import Basics
package import Foundation

extension Value {
  /// The text Make shows for this value in a text field (reference §3.4).
  ///
  /// Never fails: collections (which Make refuses in text fields) render as JSON here; use
  /// `Coercion.text(from:)` where the refusal matters.
  package var rendered: String {
    switch self {
    case .null: ""
    case .boolean(let flag): flag ? "true" : "false"
    case .number(let number): NumberText.render(number)
    case .text(let text): text
    case .date(let date): ISODate.render(date)
    case .array(let items):
      if items.contains(where: \.isStructured) {
        jsonText()
      } else {
        items.map(\.rendered).joined(separator: ", ")
      }
    case .collection: jsonText()
    case .binary(let data): String(decoding: data, as: UTF8.self)
    }
  }

  package var isCollection: Bool {
    if case .collection = self { return true }
    return false
  }

  /// True for collections and for arrays holding a collection at any depth.
  package var isStructured: Bool {
    switch self {
    case .collection: true
    case .array(let items): items.contains(where: \.isStructured)
    default: false
    }
  }
}

/// ISO 8601 text of dates in UTC with milliseconds, `2026-01-02T03:04:05.000Z`.
package enum ISODate {
  package static func render(_ date: Date) -> String {
    let civil = CivilDate(millisecondsSinceEpoch: CivilDate.milliseconds(of: date))
    var text = ""
    text.reserveCapacity(24)
    if civil.year < 0 || civil.year > 9999 {
      text += civil.year < 0 ? "-" : "+"
      text += pad(abs(civil.year), 6)
    } else {
      text += pad(civil.year, 4)
    }
    text += "-" + pad(civil.month, 2) + "-" + pad(civil.day, 2)
    text += "T" + pad(civil.hour, 2) + ":" + pad(civil.minute, 2) + ":" + pad(civil.second, 2)
    text += "." + pad(civil.millisecond, 3) + "Z"
    return text
  }

  package static func pad(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}
