import { useI18n } from '../i18n';

export interface ShowMoreProps {
  rest: number;
  onMore: () => void;
}

export function ShowMore({ rest, onMore }: ShowMoreProps) {
  const { t } = useI18n();
  if (rest <= 0) return null;
  return (
    <button type="button" class="more" onClick={onMore}>
      {t('list.more', { n: rest })}
    </button>
  );
}
