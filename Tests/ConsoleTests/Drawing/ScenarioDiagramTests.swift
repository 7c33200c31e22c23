import Foundation
import History
import ScenarioModel
import SonarflowTesting
import Testing

@testable import Console

/// The drawing follows the scenario's structure: modules left to right, a router's routes one
/// below the other with their names, the error handler's route dashed below its module.
@Suite struct ScenarioDiagramTests {
  @Test func routesAndErrorHandlersBranch() throws {
    let folder = try Fixture.temporaryDirectory("diagram")
    defer { try? FileManager.default.removeItem(at: folder) }
    let (path, hash) = try ConsoleRecords.orderScenario(in: folder)
    let record = ConsoleRecords.order(id: "x", scenarioFile: path, contentHash: hash)
    guard case .success(let scenario) = ScenarioSource.scenario(of: record) else {
      Issue.record("the scenario file was not accepted")
      return
    }
    let diagram = ScenarioDiagram(scenario: scenario, counts: .init(record.operationLog))
    let nodes = Dictionary(
      diagram.nodes.compactMap { node in node.moduleID.map { ($0, node) } }, uniquingKeysWith: { a, _ in a })
    #expect(nodes.keys.sorted() == [1, 2, 3, 4, 5, 6])
    let trigger = try #require(nodes[1])
    let request = try #require(nodes[2])
    let router = try #require(nodes[3])
    let found = try #require(nodes[4])
    let unknown = try #require(nodes[5])
    let handler = try #require(nodes[6])
    // Left to right on the first row; the second route and the error handler below.
    #expect(trigger.y == request.y && request.y == router.y && router.y == found.y)
    #expect(trigger.x < request.x && request.x < router.x && router.x < found.x)
    #expect(unknown.x == found.x && unknown.y > found.y)
    #expect(handler.y > request.y && handler.x > request.x)
    #expect(diagram.nodes.contains { $0.isDirective && $0.title == "rollback" })
    #expect(diagram.edges.compactMap(\.label).sorted() == ["Found", "Unknown order", "on error"])
    #expect(diagram.edges.filter(\.isErrorRoute).count == 2)
    // Bubbles: module 2 failed once, module 6 ran once.
    #expect(request.operations == 1 && request.hasErrors && request.href == "#module-2")
    #expect(handler.operations == 1 && !handler.hasErrors)
    #expect(found.operations == 0 && found.href.isEmpty && !found.hasOperations)
  }

  @Test func aChangedFileIsNotUsed() throws {
    let folder = try Fixture.temporaryDirectory("diagram-changed")
    defer { try? FileManager.default.removeItem(at: folder) }
    let (path, _) = try ConsoleRecords.orderScenario(in: folder)
    let changed = ConsoleRecords.order(id: "x", scenarioFile: path, contentHash: String(repeating: "0", count: 64))
    #expect(throws: ScenarioSource.Unavailable.changed) { try ScenarioSource.scenario(of: changed).get() }
    let gone = ConsoleRecords.order(id: "x", scenarioFile: path + ".gone", contentHash: "")
    #expect(throws: ScenarioSource.Unavailable.missing) { try ScenarioSource.scenario(of: gone).get() }
    let diagram = ScenarioDiagram(
      operations: changed.operationLog, trigger: changed.trigger, counts: .init(changed.operationLog))
    #expect(diagram.nodes.compactMap(\.moduleID) == [1, 2, 6])
  }
}
