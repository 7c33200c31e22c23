package import Basics
package import Emulator
package import Engine
package import Expressions
package import Foundation
package import History
package import ScenarioModel

/// A test file (`<scenario>.test.yaml`): the scenario it tests and its cases, read with the
/// position of every expectation so a failure points at the line that expected it.
package struct ScenarioTestFile: Sendable {
  package var source: SourceFile
  /// The scenario file, as the test file names it or found beside it.
  package var scenarioPath: String
  /// Where the test file names the scenario (nil when found beside it).
  package var scenarioLocation: SourceLocation?
  package var cases: [ScenarioTestCase]

  package var path: String { source.path }
}

/// One test case: what goes in (trigger bundles, the Sonar world, mocks, the clock) and what must
/// come out.
package struct ScenarioTestCase: Sendable {
  package var name: String
  package var location: SourceLocation
  /// The trigger's output bundles; nil when the case gives none: one empty bundle, or for an
  /// `http.watch` trigger the items one poll of its stubbed URL finds.
  package var trigger: [Value]?
  /// The emulator's state before the run (customers, tags, campaigns, account flags).
  package var world: EmulatorStateFile
  /// The value of `now` for the execution.
  package var now: Date
  /// The time zone `now`, formatDate and parseDate see (nil: the scenario's).
  package var timeZone: TimeZone?
  /// Stubbed answers to `http.request` and `http.watch`, first match first.
  package var http: [HTTPStub]
  /// Module id → what the module answers instead of running.
  package var mocks: [Int: ModuleMock]
  /// Faults the emulator injects into Sonar's answers during the run (`POST /_emulator/faults`).
  package var faults: [JSONObject]
  /// Data store records written before the run, in the order given.
  package var dataStores: [DataStoreSeed] = []
  package var expectations: [Expectation]
}

/// A data store record a case starts with (`dataStores:` → store → key → fields).
package struct DataStoreSeed: Sendable {
  package var store: String
  package var key: String
  package var fields: [(String, Value)]
  package var location: SourceLocation
}

/// What a mocked module answers, without running.
package struct ModuleMock: Sendable {
  package enum Answer: Sendable {
    /// These output bundles.
    case outputs([Value])
    /// This error, as if the module had failed with it.
    case error(ModuleError)
  }

  package var answer: Answer
  package var location: SourceLocation
}

/// One thing a case expects, with where it was written.
package struct Expectation: Sendable {
  package enum Kind: Sendable {
    /// The execution ends with this status.
    case status(ExecutionStatus)
    /// Module `id` runs this many operations (its filter stopping a bundle is not an operation).
    case called(moduleID: Int, times: Int)
    /// The input bundle of module `id`'s operation number `operation` (1-based).
    case input(moduleID: Int, operation: Int, ValueMatcher)
    /// The first output bundle of module `id`'s operation number `operation` (1-based).
    case output(moduleID: Int, operation: Int, ValueMatcher)
    /// The routes of router `id` that bundles took, by name (or 1-based position), in route order.
    case routes(moduleID: Int, [String], names: [SourceLocation])
    /// Whether module `id`'s own filter stopped a bundle.
    case filtered(moduleID: Int, Bool)
    /// Module `id` failed, with an error of this type (nil: any) and message.
    case error(moduleID: Int, type: String?, message: ValueMatcher?)
    /// The messages Sonar sent during the run, in order: as many as listed, each matching.
    case messages([ValueMatcher])
    /// The customer with this phone number exists after the run and matches.
    case customer(phone: String, ValueMatcher)
    /// The data store record `key` of `store` after the run matches (nil: there is no such record).
    case dataStoreRecord(store: String, key: String, ValueMatcher?)
    /// A template in Make's mapping language, over the modules' last outputs, renders `true`.
    case condition(String)
  }

  package var kind: Kind
  package var location: SourceLocation
  /// The node `sonarflow test --update` rewrites with what the run gave when this expectation
  /// fails: a recorded expectation (`status`, `called`, the value of an `equals` of a module's
  /// input or output, the `messages` list); nil for every other expectation.
  package var golden: SourceLocation?

  package init(kind: Kind, location: SourceLocation, golden: SourceLocation? = nil) {
    self.kind = kind
    self.location = location
    self.golden = golden
  }
}
