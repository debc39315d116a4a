#include "productionbadge.h"

#include "palette.h"

#include <QCoreApplication>
#include <QLabel>
#include <QPainter>
#include <QPixmap>

namespace Tokenscope::Ui {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Ui::ProductionBadge)
};

} // namespace

QString productionBadgeText()
{
    return Text::tr("PRODUCTION");
}

QLabel* createProductionBadge(QWidget* parent, const QString& objectName)
{
    auto* badge = new QLabel(productionBadgeText(), parent);
    badge->setObjectName(objectName);
    badge->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: %2; font-weight: bold; border-radius: 3px; "
                       "padding: 1px 6px; }")
            .arg(Palette::production, Palette::productionText));
    badge->setToolTip(Text::tr("A production environment: sending anything but GET, HEAD or OPTIONS asks "
                               "first."));
    badge->setAccessibleName(Text::tr("Production environment"));
    badge->hide();
    return badge;
}

QIcon productionIcon()
{
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(Palette::production));
        const qreal margin = size / 8.0;
        painter.drawRoundedRect(
            QRectF(margin, margin, size - 2 * margin, size - 2 * margin), size / 5.0, size / 5.0);
        painter.setPen(QColor(Palette::productionText));
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(size * 5 / 8);
        painter.setFont(font);
        painter.drawText(QRectF(0, 0, size, size), Qt::AlignCenter, QStringLiteral("!"));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace Tokenscope::Ui
