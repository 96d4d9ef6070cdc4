"""Actions on register entries, and liaison statements with their recipients and links.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 13:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gap_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('gap_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('proposed', 'agreed', 'in_progress', 'done', 'dropped')", name=op.f('ck_gap_actions_status')),
    sa.ForeignKeyConstraint(['gap_id'], ['gaps.id'], name=op.f('fk_gap_actions_gap_id_gaps'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gap_actions')),
    sa.UniqueConstraint('gap_id', 'number', name=op.f('uq_gap_actions_gap_id_number'))
    )
    with op.batch_alter_table('gap_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gap_actions_due'), ['due'], unique=False)
        batch_op.create_index(batch_op.f('ix_gap_actions_gap_id'), ['gap_id'], unique=False)

    op.create_table('gap_action_addressees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['gap_actions.id'], name=op.f('fk_gap_action_addressees_action_id_gap_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_gap_action_addressees_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_gap_action_addressees_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gap_action_addressees')),
    sa.UniqueConstraint('action_id', 'organization_id', 'committee_id', name=op.f('uq_gap_action_addressees_action_id_organization_id_committee_id'))
    )
    with op.batch_alter_table('gap_action_addressees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gap_action_addressees_organization_id'), ['organization_id'], unique=False)

    op.create_table('gap_action_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('proposed', 'agreed', 'in_progress', 'done', 'dropped')", name=op.f('ck_gap_action_updates_status')),
    sa.ForeignKeyConstraint(['action_id'], ['gap_actions.id'], name=op.f('fk_gap_action_updates_action_id_gap_actions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gap_action_updates'))
    )
    with op.batch_alter_table('gap_action_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gap_action_updates_action_id'), ['action_id'], unique=False)

    op.create_table('liaison_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('reply_to_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('incoming', 'outgoing')", name=op.f('ck_liaison_statements_kind')),
    sa.CheckConstraint("status IN ('open', 'replied', 'closed')", name=op.f('ck_liaison_statements_status')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_liaison_statements_committee_id_committees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_liaison_statements_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reply_to_id'], ['liaison_statements.id'], name=op.f('fk_liaison_statements_reply_to_id_liaison_statements'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_liaison_statements')),
    sa.UniqueConstraint('organization_id', 'reference', name=op.f('uq_liaison_statements_organization_id_reference'))
    )
    with op.batch_alter_table('liaison_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_liaison_statements_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_liaison_statements_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_liaison_statements_reply_to_id'), ['reply_to_id'], unique=False)

    op.create_table('gap_action_work_items',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('work_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['gap_actions.id'], name=op.f('fk_gap_action_work_items_action_id_gap_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_gap_action_work_items_work_item_id_work_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'work_item_id', name=op.f('pk_gap_action_work_items'))
    )
    with op.batch_alter_table('gap_action_work_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gap_action_work_items_work_item_id'), ['work_item_id'], unique=False)

    op.create_table('liaison_gaps',
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('gap_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['gap_id'], ['gaps.id'], name=op.f('fk_liaison_gaps_gap_id_gaps'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['liaison_statements.id'], name=op.f('fk_liaison_gaps_statement_id_liaison_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('statement_id', 'gap_id', name=op.f('pk_liaison_gaps'))
    )
    with op.batch_alter_table('liaison_gaps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_liaison_gaps_gap_id'), ['gap_id'], unique=False)

    op.create_table('liaison_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("purpose IN ('action', 'comment', 'information')", name=op.f('ck_liaison_recipients_purpose')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_liaison_recipients_committee_id_committees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_liaison_recipients_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['liaison_statements.id'], name=op.f('fk_liaison_recipients_statement_id_liaison_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_liaison_recipients')),
    sa.UniqueConstraint('statement_id', 'organization_id', 'committee_id', name=op.f('uq_liaison_recipients_statement_id_organization_id_committee_id'))
    )
    with op.batch_alter_table('liaison_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_liaison_recipients_organization_id'), ['organization_id'], unique=False)

    op.create_table('liaison_topics',
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['statement_id'], ['liaison_statements.id'], name=op.f('fk_liaison_topics_statement_id_liaison_statements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_liaison_topics_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('statement_id', 'topic_id', name=op.f('pk_liaison_topics'))
    )
    with op.batch_alter_table('liaison_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_liaison_topics_topic_id'), ['topic_id'], unique=False)

    op.create_table('liaison_work_items',
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('work_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['statement_id'], ['liaison_statements.id'], name=op.f('fk_liaison_work_items_statement_id_liaison_statements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_liaison_work_items_work_item_id_work_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('statement_id', 'work_item_id', name=op.f('pk_liaison_work_items'))
    )
    with op.batch_alter_table('liaison_work_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_liaison_work_items_work_item_id'), ['work_item_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('liaison_work_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_liaison_work_items_work_item_id'))

    op.drop_table('liaison_work_items')
    with op.batch_alter_table('liaison_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_liaison_topics_topic_id'))

    op.drop_table('liaison_topics')
    with op.batch_alter_table('liaison_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_liaison_recipients_organization_id'))

    op.drop_table('liaison_recipients')
    with op.batch_alter_table('liaison_gaps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_liaison_gaps_gap_id'))

    op.drop_table('liaison_gaps')
    with op.batch_alter_table('gap_action_work_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gap_action_work_items_work_item_id'))

    op.drop_table('gap_action_work_items')
    with op.batch_alter_table('liaison_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_liaison_statements_reply_to_id'))
        batch_op.drop_index(batch_op.f('ix_liaison_statements_organization_id'))
        batch_op.drop_index(batch_op.f('ix_liaison_statements_deadline'))

    op.drop_table('liaison_statements')
    with op.batch_alter_table('gap_action_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gap_action_updates_action_id'))

    op.drop_table('gap_action_updates')
    with op.batch_alter_table('gap_action_addressees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gap_action_addressees_organization_id'))

    op.drop_table('gap_action_addressees')
    with op.batch_alter_table('gap_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gap_actions_gap_id'))
        batch_op.drop_index(batch_op.f('ix_gap_actions_due'))

    op.drop_table('gap_actions')
