"""What each revision change touched, and whole-roadmap results shared by every worker.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 16:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('roadmap_state') as batch:
        batch.add_column(sa.Column('seq', sa.Integer(), server_default='0', nullable=False))
    op.create_table('revision_changes',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('revision', sa.String(length=32), nullable=False),
    sa.Column('full', sa.Boolean(), nullable=False),
    sa.Column('register', sa.Boolean(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_revision_changes'))
    )
    op.create_table('shared_results',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('revision', sa.String(length=32), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_shared_results'))
    )


def downgrade() -> None:
    op.drop_table('shared_results')
    op.drop_table('revision_changes')
    with op.batch_alter_table('roadmap_state') as batch:
        batch.drop_column('seq')
