package import Basics
import Synchronization

/// Answers requests from a recording (the exchanges of a recorded execution), for replay: a
/// request with the same method, path and query (credentials taken out, as in the recording) and
/// body as a recorded exchange not yet used gets that exchange's answer, in recorded order; any
/// other request is a divergence, left to the emulator to answer.
package final class RecordedAnswers: Sendable {
  private struct State {
    var unused: [HTTPExchange]
    var answered = 0
    var diverged = 0
  }

  private let state: Mutex<State>

  /// The recording of the replay running in this task, which ``RecordedTransport`` answers from
  /// when it was made without one: one transport (and one engine) serves every replay of a
  /// batch, each replay binding its own recording around its run.
  @TaskLocal package static var current: RecordedAnswers?

  package init(_ exchanges: [HTTPExchange]) {
    state = Mutex(State(unused: exchanges))
  }

  /// The recorded exchange that answers this request, taken out of the recording; nil (counted as
  /// a divergence) when none matches.
  func answer(method: String, pathAndQuery: String, body: [UInt8]) -> HTTPExchange? {
    let path = HTTPExchange.redactingQuery(of: pathAndQuery)
    let text = body.isEmpty ? nil : String(decoding: body, as: UTF8.self)
    return state.withLock { state in
      guard
        let index = state.unused.firstIndex(where: { recorded in
          let recordedBody = recorded.requestBody.flatMap { $0.isEmpty ? nil : $0 }
          return recorded.method == method && recorded.pathAndQuery == path && recordedBody == text
        })
      else {
        state.diverged += 1
        return nil
      }
      state.answered += 1
      return state.unused.remove(at: index)
    }
  }

  /// Requests answered from the recording so far, and requests that matched none.
  package var counts: (answered: Int, diverged: Int) {
    state.withLock { ($0.answered, $0.diverged) }
  }
}
