#pragma once

#include <Qt>

namespace Tokenscope::Ui {

// Item data roles and columns of the UI's models, in one place.
enum Role {
    EnvironmentIdRole = Qt::UserRole + 1,
    FlowEventKindRole,
};

enum class FlowColumn { Time, Step, Status, Target, Environment, Count };

enum class VariableColumn { Name, Secret, Value, Count };

} // namespace Tokenscope::Ui
