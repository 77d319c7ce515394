#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a change of the default organization did to `[defaults] project`: az keeps the project
/// when the organization changes, so the next `az boards …` would target a project that does
/// not exist there. ado-accounts remembers each organization's last project
/// (`OrganizationRecord.lastProject`) and restores it, or clears the project when none is
/// remembered. Each front end words it.
public enum ProjectChange: Sendable, Equatable {
    /// The project setting stayed as it was (the same organization, or none before): its value.
    case kept(String?)
    /// Set as asked (`use ORG --project P`, the TUI's picker, `configure`); nil when cleared.
    case set(String?)
    /// The project last used with this organization, back.
    case restored(String)
    /// The previous organization's project, cleared: none is remembered for this one.
    case cleared(previous: String)

    /// The project setting after the change.
    public var project: String? {
        switch self {
        case .kept(let project), .set(let project): project
        case .restored(let project): project
        case .cleared: nil
        }
    }
}

extension DirectoryFiles.State {
    /// Makes `value` the default organization (see `setDefaultOrganization`) and applies the
    /// project rule: the project being left is remembered for the organization being left; the
    /// new organization gets `project` when given (`""` clears), else the project remembered for
    /// it, else none. Switching between spellings of one organization keeps the project.
    mutating func switchDefaultOrganization(to value: String, project: String?, at now: Date) -> ProjectChange
    {
        let oldKey = config.fileValue("organization").flatMap { try? OrganizationURL(stored: $0) }?.key
        let newKey = value.isEmpty ? nil : (try? OrganizationURL(stored: value))?.key
        let current = config.fileValue("project")
        if let oldKey, let current {
            memory[organization: oldKey] = OrganizationRecord(lastProject: current, usedAt: now)
        }
        setDefaultOrganization(value)
        let change: ProjectChange
        if let project {
            change = .set(project.isEmpty ? nil : project)
        } else if oldKey == nil || oldKey == newKey || newKey == nil {
            // No organization before: the project was set for whichever comes; the same one
            // spelled otherwise keeps its own.
            change = .kept(current)
        } else if let remembered = memory[organization: newKey!].lastProject {
            change = remembered == current ? .kept(current) : .restored(remembered)
        } else if let current {
            change = .cleared(previous: current)
        } else {
            change = .kept(nil)
        }
        if change.project != current { config = config.settingValue(change.project ?? "", for: "project") }
        if let newKey {
            memory[organization: newKey] = OrganizationRecord(lastProject: change.project, usedAt: now)
        }
        return change
    }

    /// `configure --defaults project=P` alone: the project, remembered for the default organization.
    mutating func setDefaultProject(_ project: String, at now: Date) {
        config = config.settingValue(project, for: "project")
        if let key = config.fileValue("organization").flatMap({ try? OrganizationURL(stored: $0) })?.key {
            memory[organization: key] = OrganizationRecord(
                lastProject: project.isEmpty ? nil : project, usedAt: now)
        }
    }
}
