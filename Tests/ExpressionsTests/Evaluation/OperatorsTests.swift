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

@Suite struct EvaluationContextTests {
  @Test func outputsByModuleID() {
    var context = EvaluationContext(modules: [3: "three"])
    #expect(context.output(ofModule: 3) == "three")
    #expect(context.output(ofModule: 2) == .null)
    #expect(context.output(ofModule: -1) == .null)
    #expect(context.output(ofModule: 99) == .null)
    context.setOutput("one", ofModule: 1)
    context.setOutput("ignored", ofModule: -5)
    #expect(context.output(ofModule: 1) == "one")
    #expect(context.modules.count == 4)
  }

  @Test func systemVariablesFromTheExecution() {
    let now = Date(timeIntervalSince1970: 1000)
    let context = EvaluationContext(now: now, executionID: "abc", scenarioName: "Welcome", scenarioID: "7")
    #expect(context.systemVariables["execution.id"] == "abc")
    #expect(context.systemVariables["execution.startedAt"] == .date(now))
    #expect(context.systemVariables["scenario.name"] == "Welcome")
    #expect(context.systemVariables["scenario.id"] == "7")
    #expect(context.timeZone.secondsFromGMT() == 0)
  }
}
