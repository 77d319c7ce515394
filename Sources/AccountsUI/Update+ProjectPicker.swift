import CredentialCore

/// `p` on a row: the organization's projects, listed by the core with the token the
/// organization uses; `Enter` asks the core to make it the default with the chosen project.
extension Model {
    var projectPicker: ProjectPicker? {
        if case .projects(let picker) = overlay { return picker }
        return nil
    }

    /// The project to start the picker on: the default one when the row is the default
    /// organization, else the one remembered for it.
    func startingProject(for row: AccountList.Row) -> String? {
        guard let list else { return nil }
        if row.isDefaultOrganization, let project = list.defaultProject { return project.value }
        return list.memory[organization: row.key].lastProject
    }

    mutating func openProjectPicker(effects: inout [Effect]) {
        guard let row = currentRow else { return }
        guard !row.isDefaultCredential, !row.isRaw, let organization = OrganizationURL(key: row.key) else {
            status = Status("Projects belong to an organization: pick one on an organization's row.")
            return
        }
        projectGeneration += 1
        overlay = .projects(
            ProjectPicker(
                organization: organization, current: startingProject(for: row), generation: projectGeneration)
        )
        effects.append(.loadProjects(organization, generation: projectGeneration))
    }

    mutating func finishProjects(generation: Int, _ result: Result<[String], CredentialError>) {
        guard var picker = projectPicker, picker.generation == generation else { return }
        switch result {
        case .success(let names) where names.isEmpty:
            picker.phase = .failed("The token sees no project in \(Names.shown(picker.organization)).")
        case .success(let names):
            picker.load(names)
        case .failure(let error):
            picker.phase = .failed(error.message)
        }
        overlay = .projects(picker)
    }

    /// Every key of the picker: moving, editing the filter, choosing, closing.
    mutating func performInPicker(_ command: Command, effects: inout [Effect]) {
        guard var picker = projectPicker else { return }
        let page = max(1, ProjectPickerView.listHeight(size: size) - 1)
        let previous = picker.query.text
        switch command {
        case .cursorUp: picker.cursor -= 1
        case .cursorDown: picker.cursor += 1
        case .pageUp: picker.cursor -= page
        case .pageDown: picker.cursor += page
        case .closePicker:
            overlay = nil
            status = Status("The default project was not changed.")
            return
        case .chooseProject:
            guard let project = picker.chosen else { return }
            overlay = nil
            operationsInFlight += 1
            status = Status(
                "Making \(Names.short(picker.organization.canonicalURL)) the default organization with \(Printable.sanitized(project))…"
            )
            effects.append(.setDefaultProject(picker.organization, project: project))
            return
        default: picker.query.edit(command)
        }
        if picker.query.text != previous { picker.refilter(previous: previous) }
        Self.keepVisible(&picker, height: ProjectPickerView.listHeight(size: size))
        overlay = .projects(picker)
    }

    mutating func typeIntoPicker(_ character: Character) {
        guard var picker = projectPicker else { return }
        let previous = picker.query.text
        picker.query.insert(character)
        picker.refilter(previous: previous)
        Self.keepVisible(&picker, height: ProjectPickerView.listHeight(size: size))
        overlay = .projects(picker)
    }

    static func keepVisible(_ picker: inout ProjectPicker, height: Int) {
        picker.cursor = picker.matches.isEmpty ? 0 : min(max(0, picker.cursor), picker.matches.count - 1)
        if picker.cursor < picker.top { picker.top = picker.cursor }
        if picker.cursor >= picker.top + height { picker.top = picker.cursor - height + 1 }
        picker.top = min(max(0, picker.top), max(0, picker.matches.count - height))
    }

    /// How the status words what a default change did to the project (see `ProjectChange`).
    static func describe(_ change: ProjectChange) -> String? {
        switch change {
        case .kept(nil), .set(nil): nil
        case .kept(let project?): "The default project stays \(Printable.sanitized(project))."
        case .set(let project?): "The default project is \(Printable.sanitized(project))."
        case .restored(let project):
            "The default project is \(Printable.sanitized(project)) again, the last one used there."
        case .cleared(let previous):
            "The default project \(Printable.sanitized(previous)) was cleared: none is remembered for it; p picks one."
        }
    }
}
