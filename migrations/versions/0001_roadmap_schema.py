"""The roadmap schema: organizations, committees, topics, dependencies, work items, mappings.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 14:33:53.840690
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('acronym', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.CheckConstraint("kind IN ('international_sdo', 'regional_sdo', 'national_body', 'consortium_forum', 'un_initiative', 'coordination_group')", name=op.f('ck_organizations_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations')),
    sa.UniqueConstraint('acronym', name=op.f('uq_organizations_acronym'))
    )
    op.create_table('topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("category IN ('governance', 'city_service', 'ict_infrastructure', 'cross_cutting', 'measurement')", name=op.f('ck_topics_category')),
    sa.ForeignKeyConstraint(['parent_id'], ['topics.id'], name=op.f('fk_topics_parent_id_topics'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topics')),
    sa.UniqueConstraint('code', name=op.f('uq_topics_code'))
    )
    op.create_table('committees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_committees_organization_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['committees.id'], name=op.f('fk_committees_parent_id_committees'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committees')),
    sa.UniqueConstraint('organization_id', 'code', name=op.f('uq_committees_organization_id_code'))
    )
    op.create_table('topic_dependencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('requires_id', sa.Integer(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=True),
    sa.CheckConstraint('topic_id <> requires_id', name=op.f('ck_topic_dependencies_no_self_loop')),
    sa.ForeignKeyConstraint(['requires_id'], ['topics.id'], name=op.f('fk_topic_dependencies_requires_id_topics'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_topic_dependencies_topic_id_topics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_topic_dependencies')),
    sa.UniqueConstraint('topic_id', 'requires_id', name=op.f('uq_topic_dependencies_topic_id_requires_id'))
    )
    op.create_table('work_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=True),
    sa.Column('identifier', sa.String(length=120), nullable=False),
    sa.Column('provisional_name', sa.String(length=120), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('stage', sa.String(length=60), nullable=True),
    sa.Column('approval_process', sa.String(length=60), nullable=True),
    sa.Column('registered', sa.String(length=10), nullable=True),
    sa.Column('target', sa.String(length=10), nullable=True),
    sa.Column('approved', sa.String(length=10), nullable=True),
    sa.Column('published', sa.String(length=10), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('editors', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.Column('checked', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status <> 'published' OR published IS NOT NULL", name=op.f('ck_work_items_published_has_date')),
    sa.CheckConstraint("status IN ('proposed', 'in_development', 'approved', 'published', 'withdrawn', 'superseded')", name=op.f('ck_work_items_status')),
    sa.CheckConstraint("type IN ('recommendation', 'international_standard', 'technical_specification', 'technical_report', 'supplement', 'guide', 'pas', 'other')", name=op.f('ck_work_items_type')),
    sa.CheckConstraint('approved IS NULL OR length(approved) IN (4, 7, 10)', name=op.f('ck_work_items_approved_partial_date')),
    sa.CheckConstraint('published IS NULL OR length(published) IN (4, 7, 10)', name=op.f('ck_work_items_published_partial_date')),
    sa.CheckConstraint('registered IS NULL OR length(registered) IN (4, 7, 10)', name=op.f('ck_work_items_registered_partial_date')),
    sa.CheckConstraint('target IS NULL OR length(target) IN (4, 7, 10)', name=op.f('ck_work_items_target_partial_date')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_work_items_committee_id_committees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_work_items_organization_id_organizations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_items')),
    sa.UniqueConstraint('organization_id', 'identifier', name=op.f('uq_work_items_organization_id_identifier'))
    )
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_items_committee_id'), ['committee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_items_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_items_status'), ['status'], unique=False)

    op.create_table('equivalences',
    sa.Column('low_id', sa.Integer(), nullable=False),
    sa.Column('high_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('low_id < high_id', name=op.f('ck_equivalences_ordered_pair')),
    sa.ForeignKeyConstraint(['high_id'], ['work_items.id'], name=op.f('fk_equivalences_high_id_work_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['low_id'], ['work_items.id'], name=op.f('fk_equivalences_low_id_work_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('low_id', 'high_id', name=op.f('pk_equivalences'))
    )
    with op.batch_alter_table('equivalences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_equivalences_high_id'), ['high_id'], unique=False)

    op.create_table('mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('work_item_id', sa.Integer(), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=False),
    sa.Column('relevance', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("relevance IN ('core', 'supporting')", name=op.f('ck_mappings_relevance')),
    sa.ForeignKeyConstraint(['topic_id'], ['topics.id'], name=op.f('fk_mappings_topic_id_topics'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['work_item_id'], ['work_items.id'], name=op.f('fk_mappings_work_item_id_work_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mappings')),
    sa.UniqueConstraint('work_item_id', 'topic_id', name=op.f('uq_mappings_work_item_id_topic_id'))
    )
    with op.batch_alter_table('mappings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mappings_topic_id'), ['topic_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('mappings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mappings_topic_id'))

    op.drop_table('mappings')
    with op.batch_alter_table('equivalences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_equivalences_high_id'))

    op.drop_table('equivalences')
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_items_status'))
        batch_op.drop_index(batch_op.f('ix_work_items_organization_id'))
        batch_op.drop_index(batch_op.f('ix_work_items_committee_id'))

    op.drop_table('work_items')
    op.drop_table('topic_dependencies')
    op.drop_table('committees')
    op.drop_table('topics')
    op.drop_table('organizations')
