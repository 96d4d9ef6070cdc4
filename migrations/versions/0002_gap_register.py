"""The gap register: curated gaps with their topics, suggested leads and dated status updates.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 14:39:16.073134
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gaps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('statement', sa.Text(), nullable=True),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('horizon', sa.String(length=60), nullable=True),
    sa.Column('rnd_needed', sa.String(length=10), nullable=False),
    sa.Column('recommendation', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("priority IN ('high', 'medium', 'low')", name=op.f('ck_gaps_priority')),
    sa.CheckConstraint("rnd_needed IN ('yes', 'no', 'maybe')", name=op.f('ck_gaps_rnd_needed')),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'closed', 'wont_fix')", name=op.f('ck_gaps_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gaps')),
    sa.UniqueConstraint('code', name=op.f('uq_gaps_code'))
    )
    op.create_table('gap_topics',
    sa.Column('gap_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['gap_id'], ['gaps.id'], name=op.f('fk_gap_topics_gap_id_gaps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_gap_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('gap_id', 'topic_id', name=op.f('pk_gap_topics'))
    )
    with op.batch_alter_table('gap_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gap_topics_topic_id'), ['topic_id'], unique=False)

    op.create_table('gap_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gap_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'closed', 'wont_fix')", name=op.f('ck_gap_updates_status')),
    sa.ForeignKeyConstraint(['gap_id'], ['gaps.id'], name=op.f('fk_gap_updates_gap_id_gaps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gap_updates'))
    )
    with op.batch_alter_table('gap_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gap_updates_gap_id'), ['gap_id'], unique=False)

    op.create_table('gap_leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gap_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_gap_leads_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['gap_id'], ['gaps.id'], name=op.f('fk_gap_leads_gap_id_gaps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_gap_leads_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gap_leads')),
    sa.UniqueConstraint('gap_id', 'organization_id', 'committee_id', name=op.f('uq_gap_leads_gap_id_organization_id_committee_id'))
    )
    with op.batch_alter_table('gap_leads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gap_leads_organization_id'), ['organization_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('gap_leads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gap_leads_organization_id'))

    op.drop_table('gap_leads')
    with op.batch_alter_table('gap_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gap_updates_gap_id'))

    op.drop_table('gap_updates')
    with op.batch_alter_table('gap_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gap_topics_topic_id'))

    op.drop_table('gap_topics')
    op.drop_table('gaps')
