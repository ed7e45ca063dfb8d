"""Schema version 5: a sign-off people can trust. Users get a password hash (scrypt, see
riskmap.store.passwords) and the time it was last set; audit events name the event an undo
reverted, so the trail says "undo: submit for acceptance", not the action the undo looks like.

Users of an older database have no password yet: the first admin sets one at the next start
(or with `riskmap user passwd`), then sets the others'.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from riskmap.store.migrate import set_schema_version

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("password_hash", sa.String(256), nullable=True))
    op.add_column("users", sa.Column("password_set_at", sa.DateTime, nullable=True))
    op.add_column("audit_events", sa.Column("reverts", sa.Integer, nullable=True))
    set_schema_version(5)


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as b:
        b.drop_column("reverts")
    with op.batch_alter_table("users") as b:
        b.drop_column("password_set_at")
        b.drop_column("password_hash")
    set_schema_version(4)
