import Foundation
import Testing

@testable import Expressions

@Suite struct OperatorsTests {
  @Test(arguments: [
    (Value.number(1), Value.text("1"), true),
    (.number(1), .text("1.0"), true),
    (.number(1), .text("one"), false),
    (.null, .text(""), true),
    (.null, .null, true),
    (.null, .number(0), false),
    (.boolean(true), .text("true"), true),
    (.array([1, 2]), .array([1, 2]), true),
    (.array([1, 2]), .array([2, 1]), false),
    (.text("A"), .text("a"), false),
  ])
  func equality(left: Value, right: Value, equal: Bool) {
    #expect(Operators.equals(left, right) == equal)
    #expect(Operators.equals(right, left) == equal)
  }

  @Test func ordering() {
    #expect(Operators.compare("10", "7") == -1)
    #expect(Operators.compare(10, "7") == 1)
    #expect(Operators.compare("b", "a") == 1)
    #expect(Operators.compare("a", "ab") == -1)
    #expect(Operators.compare([1], [1]) == nil)
    #expect(Operators.compare(.date(Date(timeIntervalSince1970: 0)), "1970-01-02") == -1)
  }

  @Test func arithmetic() throws {
    #expect(try Operators.apply(.plus, "a", .null) == "a")
    #expect(try Operators.apply(.plus, [1], [2]) == [1, 2])
    #expect(try Operators.apply(.minus, "5", 2) == 3)
    #expect(try Operators.apply(.times, "2", "3") == 6)
    #expect(try Operators.apply(.modulo, -7, 3) == -1)
    #expect(throws: EvaluationError.self) { try Operators.apply(.divide, 1, 0) }
    #expect(throws: EvaluationError.self) { try Operators.apply(.plus, true, 1) }
    #expect(throws: EvaluationError.self) { try Operators.apply(.minus, "x", 1) }
  }
}
