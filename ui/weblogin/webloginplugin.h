#pragma once

#include "embeddedlogin.h"

#include <QObject>

namespace Tokenscope::Ui {

// The plugin's root object: creates sign-in windows. Loaded with QPluginLoader on the first sign-in.
class WebLoginPlugin final
    : public QObject
    , public EmbeddedLoginFactory
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID TOKENSCOPE_EMBEDDED_LOGIN_IID)
    Q_INTERFACES(Tokenscope::Ui::EmbeddedLoginFactory)

public:
    QWidget* openLogin(const EmbeddedLoginRequest& request, const EmbeddedLoginCallbacks& callbacks,
        QWidget* parent) override;
    void clearPersistentProfile(const QString& name) override;
    void removePersistentProfile(const QString& name) override;
    void registerRedirectSchemes(const QList<QByteArray>& schemes) override;
};

} // namespace Tokenscope::Ui
