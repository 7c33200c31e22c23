import Foundation
import Testing

@testable import Expressions

/// Regular expressions on bundle data run under a time limit and stop when their task is cancelled.
@Suite struct RegexSupportTests {
  /// `(a+)+b` on a run of `a` without a `b` backtracks through every split of the run: 2^46 ways.
  static let hostile: Value = .collection(["text": .text(String(repeating: "a", count: 46)), "re": "/(a+)+b/"])

  /// Both paths: a literal pattern compiled with the template, and a pattern read from data.
  @Test(.timeLimit(.minutes(1)), arguments: [#"{{replace(1.text; /(a+)+b/; x)}}"#, #"{{replace(1.text; 1.re; x)}}"#])
  func aBacktrackingPatternFailsAtTheTimeLimit(template: String) throws {
    let clock = ContinuousClock()
    let start = clock.now
    let error = try #require(evaluationError(template, modules: [1: Self.hostile]))
    let elapsed = clock.now - start
    #expect(error.id == "expression.regexTimeLimit")
    #expect(error.message == "'replace' stopped matching a regular expression after 100 ms")
    #expect(
      error.fixHint
        == "The pattern backtracks too much on this text: avoid nested or overlapping repetitions such as '(a+)+' or '(a|a)*'."
    )
    // The call's position in the template, for the module's `file:line:column`.
    #expect(error.offset == 2)
    // The limit plus the machine's slack, far below the hours the match would take.
    #expect(elapsed < .seconds(10))
  }

  @Test(.timeLimit(.minutes(1)))
  func theLimitIsTheContexts() throws {
    var context = EvaluationContext(modules: [1: Self.hostile])
    context.regexTimeLimit = .milliseconds(20)
    let error = #expect(throws: EvaluationError.self) {
      try Template.compile("{{replace(1.text; /(a+)+b/; x)}}").evaluate(in: context)
    }
    #expect(error?.id == "expression.regexTimeLimit")
    #expect(error?.message == "'replace' stopped matching a regular expression after 20 ms")
  }

  @Test(arguments: [
    (#"{{replace(1.s; /(\d+)-(\d+)/g; $2-$1)}}"#, "b 2-1 c 4-3 d"),
    (#"{{replace(1.s; /(\d+)-(\d+)/; [$1])}}"#, "b [1] c 3-4 d"),
    (#"{{replace(1.s; /B/gi; <$&>)}}"#, "<b> 1-2 c 3-4 d"),
    (#"{{replace(1.s; /x/g; y)}}"#, "b 1-2 c 3-4 d"),
    (#"{{replace(1.s; 1.re; $1)}}"#, "b 1 c 3 d"),
  ])
  func ordinaryPatternsStillReplace(template: String, expected: String) throws {
    let bundle: Value = .collection(["s": "b 1-2 c 3-4 d", "re": "/(\\d)-\\d/g"])
    #expect(try render(template, modules: [1: bundle]) == expected)
  }

  /// Every match of a long text is replaced, the time limit checked across them all. The limit is
  /// raised here: how long 5,000 matches take in a debug build on a loaded machine says nothing
  /// about the behaviour tested (the default limit's cost is the expressions benchmark's).
  @Test func aLongTextWithManyMatchesIsReplaced() throws {
    let text = String(repeating: "call 555-0100 now; ", count: 5_000)
    var context = EvaluationContext(modules: [1: .collection(["s": .text(text)])])
    context.regexTimeLimit = .seconds(60)
    let replaced = try Template.compile(#"{{replace(1.s; /(\d{3})-(\d{4})/g; $2)}}"#).evaluate(in: context)
    #expect(replaced.rendered == String(repeating: "call 0100 now; ", count: 5_000))
  }

  /// A match on a cancelled task stops with `expression.cancelled`. The limit is an hour, so only
  /// cancellation can end it; the task is awaited, whenever it starts relative to the cancel.
  @Test(.timeLimit(.minutes(1)))
  func aCancelledTasksMatchStops() async throws {
    let template = Template.compile("{{replace(1.text; /(a+)+b/; x)}}")
    var context = EvaluationContext(modules: [1: Self.hostile])
    context.regexTimeLimit = .seconds(3600)
    let evaluation = Task { [context] () -> EvaluationError? in
      do throws(EvaluationError) {
        _ = try template.evaluate(in: context)
        return nil
      } catch {
        return error
      }
    }
    evaluation.cancel()
    let error = try #require(await evaluation.value)
    #expect(error.id == "expression.cancelled")
    #expect(error.message == "'replace' was cancelled while matching a regular expression")
  }
}
